// The ledger grid's columns: el-table-v2 cells are rendered from code (render functions), and the
// inline edits of 状态 (a select opened in the cell) and 进展情况 (an input in the cell) live here.
// Saving an edit is the page's: the cells hand it on through `onEdit`.

import { computed, h, nextTick, ref, type VNode } from 'vue'
import { ElInput, ElOption, ElSelect, type Column } from 'element-plus'

import { TASK_STATUSES, type LedgerOutline, type TaskEdit, type TaskReport, type TaskView } from '../../api/types'
import { isPlaceholder } from '../../utils/taskPages'
import { DEADLINE_KIND_LABELS, NO_STATUS, STATUS_COLORS, isOverdue } from '../../utils/tasks'

/** A sheet's progress column: its index, its key in `TaskView.cells`, and its header. */
export interface ProgressColumn {
  index: number
  key: string
  header: string
}

/** What the columns are drawn from (the grid's props, read when cells render). */
export interface TaskColumnsSource {
  /** One entry per task the filters select (a placeholder until its page arrives). */
  rows: TaskView[]
  /** What the units reported, per fetched task, newest first. */
  reports: Map<number, TaskReport[]>
  /** The ledger's outline: sheets, whether it has units and reports. */
  outline: LedgerOutline | null
  /** Per sheet: its progress column. */
  progressBySheet: Map<string, ProgressColumn>
}

/** What the cells do with the user's actions. */
export interface TaskColumnsHandlers {
  /** Saves an edit of a task's 状态 or 进展情况. */
  onEdit: (task: TaskView, edit: TaskEdit) => void
  /** Opens the task's drawer (详情). */
  onOpen: (task: TaskView) => void
}

/** The grid's columns for the ledger in `source`, with the inline edits of 状态 and 进展情况. */
export function useTaskColumns(source: TaskColumnsSource, { onEdit, onOpen }: TaskColumnsHandlers) {
  /** The task whose 进展情况 is being typed in. */
  const editingId = ref<number | null>(null)
  /** The task whose 状态 select is open. */
  const statusEditingId = ref<number | null>(null)
  let statusFocused: number | null = null
  const editingText = ref('')

  const multiSheet = computed(() => (source.outline?.sheets.length ?? 0) > 1)
  const hasLead = computed(() => source.outline?.has_lead ?? false)
  const hasCo = computed(() => source.outline?.has_co ?? false)
  const hasReports = computed(() => source.outline?.has_reports ?? false)

  function startEditing(task: TaskView) {
    const p = source.progressBySheet.get(task.sheet)
    if (!p) return
    editingId.value = task.task_id
    editingText.value = task.cells[p.key] ?? ''
    // ElInput passes data-test on to its <input>.
    nextTick(() => (document.querySelector('input[data-test="progress-input"]') as HTMLInputElement | null)?.focus())
  }

  function finishEditing(save: boolean) {
    const id = editingId.value
    if (id === null) return
    editingId.value = null
    const task = source.rows.find((t) => t.task_id === id)
    const p = task && source.progressBySheet.get(task.sheet)
    if (!save || !task || !p || (task.cells[p.key] ?? '') === editingText.value) return
    onEdit(task, { kind: 'cell', column: p.index, value: editingText.value })
  }

  const clamp = (text: string, attrs: Record<string, unknown> = {}) =>
    h('div', { class: 'clamp', title: text, ...attrs }, text)

  /**
   * The 状态 cell. Rows come and go while scrolling, so a cell is plain text (cheap to mount);
   * the ElSelect is created only for the cell being edited, opened at once.
   */
  function statusCell(t: TaskView, editing: number | null): VNode {
    if (editing === t.task_id) {
      return h(
        ElSelect,
        {
          modelValue: t.status ?? '',
          size: 'small',
          placeholder: NO_STATUS,
          clearable: true,
          automaticDropdown: true,
          style: 'width: 100%',
          'data-test': 'status-select',
          'data-task': t.task_id,
          ref: (c: unknown) => {
            const select = c as { focus?: () => void } | null
            if (select && statusFocused !== t.task_id) {
              statusFocused = t.task_id
              nextTick(() => select.focus?.())
            }
          },
          'onUpdate:modelValue': (v: string) => {
            statusEditingId.value = null
            onEdit(t, { kind: 'status', status: v || null })
          },
          onVisibleChange: (open: boolean) => {
            if (!open) statusEditingId.value = null
          },
        },
        () => TASK_STATUSES.map((s) => h(ElOption, { key: s, value: s, label: s })),
      )
    }
    const status = t.status ?? ''
    return h(
      'div',
      {
        class: ['status-cell', status ? '' : 'placeholder'],
        'data-test': 'status',
        'data-task': t.task_id,
        onClick: () => {
          statusFocused = null
          statusEditingId.value = t.task_id
        },
      },
      [
        h('i', { class: 'dot', style: { background: STATUS_COLORS[status || NO_STATUS] } }),
        h('span', { class: 'status-text' }, status || NO_STATUS),
        h('span', { class: 'caret' }, '▾'),
      ],
    )
  }

  function progressCell(t: TaskView, editing: number | null): VNode {
    const p = source.progressBySheet.get(t.sheet)
    if (!p) return h('span', { class: 'muted' }, '—')
    if (editing === t.task_id) {
      return h(ElInput, {
        modelValue: editingText.value,
        size: 'small',
        'data-test': 'progress-input',
        'onUpdate:modelValue': (v: string) => (editingText.value = v),
        onKeydown: (e: Event | KeyboardEvent) => {
          if (!('key' in e)) return
          if (e.key === 'Enter') finishEditing(true)
          if (e.key === 'Escape') finishEditing(false)
        },
        onBlur: () => finishEditing(true),
      })
    }
    const text = t.cells[p.key] ?? ''
    return h(
      'div',
      {
        class: ['clamp', 'editable', text ? '' : 'placeholder'],
        title: text || '点击填写',
        'data-test': 'progress',
        'data-task': t.task_id,
        onClick: () => startEditing(t),
      },
      text || '点击填写',
    )
  }

  function deadlineCell(t: TaskView): VNode {
    const d = t.deadline
    const main = d.due ?? (d.kind === 'none' ? '' : DEADLINE_KIND_LABELS[d.kind])
    return h('div', { class: 'deadline', title: d.raw }, [
      h('div', { class: 'deadline-main' }, [
        h('span', { class: d.kind === 'unreadable' ? 'warn' : '' }, main || '—'),
        isOverdue(t) ? h('span', { class: 'overdue-tag' }, '逾期') : null,
      ]),
      d.raw && d.raw !== main ? h('div', { class: 'deadline-raw' }, d.raw) : null,
    ])
  }

  /** The 最新报送 cell: the newest report's unit and round, and its progress text or status. */
  function reportCell(t: TaskView): VNode {
    const list = source.reports.get(t.task_id)
    if (!list?.length) return h('span', { class: 'muted' }, '—')
    const latest = list[0]
    const text = latest.progress ?? latest.status ?? latest.values.map((v) => v.value).join('；')
    const more = list.length > 1 ? `（共 ${list.length} 条）` : ''
    return h(
      'div',
      {
        class: 'report',
        title: list.map((r) => `${r.round_label} ${r.unit}（${r.received_at}）：${r.progress ?? r.status ?? ''}`).join('\n'),
        'data-test': 'latest-report',
        'data-task': t.task_id,
      },
      [
        h('div', { class: 'report-who' }, [
          h('span', { 'data-test': 'report-unit' }, latest.unit),
          ` · ${latest.round_label}${more}`,
          latest.status && latest.status !== text ? h('span', { class: 'report-status' }, latest.status) : null,
        ]),
        h('div', { class: 'report-text', 'data-test': 'report-text' }, text),
      ],
    )
  }

  const columns = computed<Column<TaskView>[]>(() => {
    // Read here so that starting or ending an edit gives new columns and the grid re-renders
    // (el-table-v2 does not track refs read inside cell renderers).
    const editing = editingId.value
    const statusEditing = statusEditingId.value
    const cols: Column<TaskView>[] = [
      {
        key: 'seq',
        title: '序号',
        width: 56,
        flexShrink: 0,
        align: 'center',
        cellRenderer: ({ rowData: t }) =>
          h('span', { 'data-test': 'cell-seq', 'data-sheet': t.sheet, 'data-seq': t.seq, 'data-task': t.task_id }, t.seq),
      },
    ]
    if (multiSheet.value)
      cols.push({ key: 'sheet', title: '工作表', width: 80, cellRenderer: ({ rowData: t }) => clamp(t.sheet) })
    cols.push(
      {
        key: 'category',
        title: '任务类别',
        width: 120,
        cellRenderer: ({ rowData: t }) =>
          clamp(t.category[t.category.length - 1] ?? '', { 'data-test': 'category', 'data-task': t.task_id, title: t.category.join(' / ') }),
      },
      {
        key: 'measure',
        title: '工作措施',
        width: 200,
        flexGrow: 1,
        cellRenderer: ({ rowData: t }) => clamp(t.measure, { 'data-test': 'measure', 'data-task': t.task_id }),
      },
    )
    if (hasLead.value || hasCo.value)
      cols.push({
        key: 'units',
        title: '责任单位',
        width: 150,
        cellRenderer: ({ rowData: t }) =>
          h('div', { class: 'units', 'data-test': 'units', 'data-task': t.task_id, title: `牵头：${t.lead_units.join('、') || '无'}\n配合：${t.co_units.join('、') || '无'}` }, [
            h('div', { class: 'units-lead' }, t.lead_units.join('、')),
            t.co_units.length ? h('div', { class: 'units-co' }, t.co_units.join('、')) : null,
          ]),
      })
    cols.push(
      { key: 'deadline', title: '完成时限', width: 128, cellRenderer: ({ rowData: t }) => deadlineCell(t) },
      { key: 'status', title: '状态', width: 104, flexShrink: 0, cellRenderer: ({ rowData: t }) => statusCell(t, statusEditing) },
      { key: 'progress', title: '进展情况', width: 180, cellRenderer: ({ rowData: t }) => progressCell(t, editing) },
    )
    if (hasReports.value)
      cols.push({ key: 'reported', title: '最新报送', width: 180, cellRenderer: ({ rowData: t }) => reportCell(t) })
    cols.push(
      {
        key: 'actions',
        title: '',
        width: 56,
        align: 'center',
        cellRenderer: ({ rowData: t }) =>
          h('a', { class: 'link', 'data-test': 'open-drawer', 'data-task': t.task_id, onClick: () => onOpen(t) }, '详情'),
      },
    )
    // A row whose page has not arrived yet shows empty cells (its page is on its way).
    return cols.map((c) => {
      const render = c.cellRenderer
      return render ? { ...c, cellRenderer: (p: Parameters<typeof render>[0]) => (isPlaceholder(p.rowData) ? h('span', { class: 'muted' }, '…') : render(p)) } : c
    })
  })

  return { columns }
}
