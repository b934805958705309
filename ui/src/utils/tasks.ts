// Small display helpers shared by the pages. The rules that decide things (what is overdue,
// which statuses exist) mirror the core and are kept in this one file.

import { ElMessage, ElMessageBox } from 'element-plus'
import { save } from '@tauri-apps/plugin-dialog'
import type { ColumnMapping, DeadlineKind, Recurrence, TaskView, YearSource } from '../api/types'

/** Shown for tasks without a status. */
export const NO_STATUS = '未填写'

/** Colour of each status in tags and charts (Element Plus palette). */
export const STATUS_COLORS: Record<string, string> = {
  已完成: '#67c23a',
  推进中: '#409eff',
  未启动: '#909399',
  长期坚持: '#9b59b6',
  [NO_STATUS]: '#dcdfe6',
}

/** Order of statuses in legends and counts. */
export const STATUS_ORDER = ['已完成', '推进中', '长期坚持', '未启动', NO_STATUS]

export const OVERDUE_COLOR = '#f56c6c'

/** Today as YYYY-MM-DD in local time. */
export function today(): string {
  const d = new Date()
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** Overdue: the due date has passed and the task is not 已完成 (逾期 is derived, never stored). */
export function isOverdue(task: TaskView, on: string = today()): boolean {
  return task.status !== '已完成' && task.deadline.due !== null && task.deadline.due < on
}

export const DEADLINE_KIND_LABELS: Record<DeadlineKind, string> = {
  none: '未填写',
  date: '单一日期',
  milestones: '多个节点',
  ongoing: '长期坚持',
  recurring: '周期性',
  unreadable: '无法识别',
}

export const RECURRENCE_LABELS: Record<Recurrence, string> = {
  yearly: '每年',
  half_yearly: '每半年',
  quarterly: '每季度',
  monthly: '每月',
  biweekly: '每两周',
  weekly: '每周',
}

export const YEAR_SOURCE_LABELS: Record<YearSource, string> = {
  title: '取自台账标题',
  file_name: '取自文件名',
  deadlines: '根据完成时限推测，请核对',
  user: '手工指定',
}

export const ACTION_LABELS: Record<string, string> = {
  import: '导入',
  edit: '修改',
  undo: '撤销',
  assign: '指定单位',
  merge: '合并单位',
  contact: '联系人',
  schedule: '报送周期',
  round: '新建期次',
  export: '下发',
  collect: '收取',
}

/**
 * The key of each column in `TaskView.cells`, by column index, following the store's rule: the
 * header, or "（G列）" for a blank header, or "表头（G列）" for a header met before.
 */
export function cellKeys(columns: ColumnMapping[]): Map<number, string> {
  const seen = new Set<string>()
  const out = new Map<number, string>()
  for (const c of columns) {
    let key: string
    if (c.header.trim() === '') key = `（${c.letter}列）`
    else if (seen.has(c.header)) key = `${c.header}（${c.letter}列）`
    else key = c.header
    seen.add(key)
    out.set(c.index, key)
  }
  return out
}

/** Shows an error from a command (already in Chinese) as a message that stays until read. */
export function showError(e: unknown): void {
  const message = e instanceof Error ? e.message : String(e)
  ElMessage({ type: 'error', message, duration: 8000, showClose: true, grouping: true })
}

/**
 * Writes a file through `write(force)`: first without replacing anything; when the file is
 * already there (the core refuses with “已存在，未覆盖”), asks the clerk and writes again replacing it.
 * `picked` is true when the path came from the save dialog, which asked already.
 */
export async function writeAsking<T>(write: (force: boolean) => Promise<T>, picked = false): Promise<T | null> {
  try {
    return await write(picked)
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    if (!message.includes('已存在，未覆盖')) throw e
  }
  try {
    await ElMessageBox.confirm('文件已经存在，替换它吗？', '替换文件', { confirmButtonText: '替换', cancelButtonText: '取消', type: 'warning' })
  } catch {
    return null
  }
  return write(true)
}

/**
 * Lets the clerk choose where to save a file, then writes it there through `write(path)`, which
 * may replace what is there: the save dialog itself asked before an existing file was chosen.
 * Nothing is written when the dialog is cancelled.
 */
export async function pickThenWrite(
  options: Parameters<typeof save>[0],
  write: (path: string) => Promise<void>,
): Promise<void> {
  let picked: string | null
  try {
    picked = await save(options)
  } catch (e) {
    showError(e)
    return
  }
  if (picked) await write(picked)
}
