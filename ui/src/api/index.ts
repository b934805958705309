// The one place the UI talks to the Rust side. Every command rejects with the core error's
// Chinese message; `call` turns that into an Error so pages can `catch (e) { showError(e) }`.

import { Channel, invoke } from '@tauri-apps/api/core'
import type {
  AdoptReport,
  AppInfo,
  BackupInfo,
  AssignReport,
  AssignTarget,
  Progress,
  StatusOverview,
  UnitEntry,
  Batch,
  CollectReport,
  ConsolidateReport,
  ExportReport,
  ImportPreview,
  ImportReport,
  IndicatorEdit,
  IndicatorStatus,
  LedgerOverview,
  LedgerSummary,
  LedgerOutline,
  GridPage,
  TaskFilter,
  AssignScope,
  MergeReport,
  RoundRow,
  RestoreReport,
  ReturnSource,
  RoundStatus,
  SampleTemplate,
  ScheduleReport,
  TaskEdit,
  UndoReport,
  NoticeWritten,
  ReportDocument,
  ReportWritten,
  RoundPoint,
  RulesView,
  ScoreBoard,
  Wording,
} from './types'

/** Header → field key pairs sent with an import, e.g. [["主要措施", "measure"]]. */
export type Overrides = [string, string][]

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args)
  } catch (e) {
    const message = typeof e === 'string' ? e : e instanceof Error ? e.message : JSON.stringify(e)
    // Errors from the core are Chinese; anything else (an IPC or permission failure) is not
    // meant for the clerk as is.
    throw new Error(/[\u4e00-\u9fff]/.test(message) ? message : `内部错误：${message}。请重启台账通后重试。`)
  }
}

export const api = {
  appInfo: () => call<AppInfo>('app_info'),

  // indicators
  ledgerIndicators: (ledgerId: number) => call<IndicatorStatus[]>('ledger_indicators', { ledger_id: ledgerId }),
  editIndicator: (indicatorId: number, edit: IndicatorEdit) =>
    call<number | null>('edit_indicator', { indicator_id: indicatorId, edit }),

  // backups
  listBackups: () => call<BackupInfo[]>('list_backups'),
  backupNow: () => call<BackupInfo>('backup_now'),
  /** `force`: replace an existing file (the save dialog or the clerk agreed). */
  backupToFile: (path: string, force: boolean) => call<BackupInfo>('backup_to_file', { path, force }),
  restoreBackup: (path: string) => call<RestoreReport>('restore_backup', { path }),

  // ledgers
  listLedgers: () => call<LedgerSummary[]>('list_ledgers'),
  ledgerOverview: () => call<LedgerOverview[]>('ledger_overview'),
  ledgerOutline: (ledgerId: number) => call<LedgerOutline>('ledger_outline', { ledger_id: ledgerId }),
  /** The tasks `filter` selects from `offset` (at most `limit`, at most 500), with their reports. */
  ledgerTaskPage: (ledgerId: number, filter: TaskFilter, offset: number, limit: number) =>
    call<GridPage>('ledger_task_page', { ledger_id: ledgerId, filter, offset, limit }),
  ledgerTaskIds: (ledgerId: number, filter: TaskFilter) =>
    call<number[]>('ledger_task_ids', { ledger_id: ledgerId, filter }),

  // import
  previewImport: (path: string, overrides: Overrides, year: number | null) =>
    call<ImportPreview>('preview_import', { path, overrides, year }),
  importLedger: (path: string, overrides: Overrides, year: number | null, reimport = false) =>
    call<ImportReport>('import_ledger', { path, overrides, year, reimport }),
  sampleTemplates: () => call<SampleTemplate[]>('sample_templates'),
  importSample: (name: string) => call<ImportReport>('import_sample', { name }),

  // tasks
  editTask: (taskId: number, edit: TaskEdit) => call<number | null>('edit_task', { task_id: taskId, edit }),

  // history
  undoConfirmed: (batchId: number) => call<UndoReport>('undo_confirmed', { batch_id: batchId }),
  lastUndoable: () => call<Batch | null>('last_undoable'),
  history: () => call<Batch[]>('history'),

  // rounds (报送)
  listRounds: (ledgerId: number) => call<RoundRow[]>('list_rounds', { ledger_id: ledgerId }),
  setSchedule: (ledgerId: number, rule: string) => call<ScheduleReport>('set_schedule', { ledger_id: ledgerId, rule }),
  /** `due` as "YYYY-MM-DD", or null to take it from the ledger's schedule. */
  newRound: (ledgerId: number, label: string | null, due: string | null) =>
    call<RoundRow>('new_round', { ledger_id: ledgerId, label, due }),
  ledgerSchedule: (ledgerId: number) => call<ScheduleReport | null>('ledger_schedule', { ledger_id: ledgerId }),
  /** `onProgress` is called after each file written. */
  exportUnitFiles: (roundId: number, outDir: string, onProgress: (p: Progress) => void = () => {}) =>
    call<ExportReport>('export_unit_files', { round_id: roundId, out_dir: outDir, on_progress: channel(onProgress) }),
  /** Files, folders or .zip archives; `onProgress` is called after each file collected. */
  collectReturns: (roundId: number, paths: string[], onProgress: (p: Progress) => void = () => {}) =>
    call<CollectReport[]>('collect_returns', { round_id: roundId, paths, unit_id: null, on_progress: channel(onProgress) }),
  /** Collects one file again as the return of the unit the clerk picked. */
  collectReturnAs: (roundId: number, source: ReturnSource, unitId: number) =>
    call<CollectReport>('collect_return_as', { round_id: roundId, source, unit_id: unitId }),
  /** Adds a return's unit to the tasks it reported on without being assigned to them. */
  assignReportedTasks: (returnId: number) => call<AdoptReport>('assign_reported_tasks', { return_id: returnId }),
  roundStatus: (roundId: number) => call<RoundStatus>('round_status', { round_id: roundId }),
  /** `force`: replace an existing file (the save dialog or the clerk agreed). */
  consolidate: (ledgerId: number, roundId: number | null, out: string, force: boolean) =>
    call<ConsolidateReport>('consolidate', { ledger_id: ledgerId, round_id: roundId, out, force }),

  // units
  listUnits: () => call<UnitEntry[]>('list_units'),
  /** Links units (names as the directory or the clerk writes them) to tasks. */
  assignUnits: (ledgerId: number, target: AssignTarget, lead: string[], co: string[]) =>
    call<AssignReport>('assign_units', {
      ledger_id: ledgerId,
      task_ids: 'task_ids' in target ? target.task_ids : null,
      category: 'category' in target ? target.category : null,
      sheet: 'category' in target ? target.sheet : null,
      lead,
      co,
    }),

  /** The tasks an assignment to these tasks or to a group would reach, and their units. */
  assignScope: (ledgerId: number, target: AssignTarget) =>
    call<AssignScope>('assign_scope', {
      ledger_id: ledgerId,
      task_ids: 'task_ids' in target ? target.task_ids : null,
      category: 'category' in target ? target.category : null,
      sheet: 'category' in target ? target.sheet : null,
    }),
  mergeUnits: (sourceId: number, targetId: number) =>
    call<MergeReport>('merge_units', { source_id: sourceId, target_id: targetId }),
  setUnitContact: (unitId: number, contact: string, phone: string) =>
    call<number>('set_unit_contact', { unit_id: unitId, contact, phone }),

  // charts
  statusOverview: () => call<StatusOverview>('status_overview'),

  // 报告与考核
  reportPreview: (roundId: number) => call<ReportDocument>('report_preview', { round_id: roundId }),
  /** `force`: replace an existing file (the save dialog already asked). */
  writeReport: (roundId: number, out: string, force: boolean) =>
    call<ReportWritten>('write_report', { round_id: roundId, out, force }),
  ledgerWording: (ledgerId: number) => call<Wording>('ledger_wording', { ledger_id: ledgerId }),
  /** `text` null: back to the default. */
  setWording: (ledgerId: number, key: string, text: string | null) =>
    call<number | null>('set_wording', { ledger_id: ledgerId, key, text }),
  /** Neither round nor year: the newest round. */
  ledgerScores: (ledgerId: number, roundId: number | null, year: number | null) =>
    call<ScoreBoard>('ledger_scores', { ledger_id: ledgerId, round_id: roundId, year }),
  scoreRules: (ledgerId: number) => call<RulesView>('score_rules', { ledger_id: ledgerId }),
  /** [rule key, points or null for the default] pairs, saved as one change. */
  setScoreRules: (ledgerId: number, changes: [string, number | null][]) =>
    call<number | null>('set_score_rules', { ledger_id: ledgerId, changes }),
  writeNotice: (ledgerId: number, roundId: number | null, year: number | null, out: string, force: boolean) =>
    call<NoticeWritten>('write_notice', { ledger_id: ledgerId, round_id: roundId, year, out, force }),
  roundTrend: (ledgerId: number) => call<RoundPoint[]>('round_trend', { ledger_id: ledgerId }),
}

/** A Channel whose messages go to `handler` (progress of long commands). */
function channel<T>(handler: (message: T) => void): Channel<T> {
  const c = new Channel<T>()
  c.onmessage = handler
  return c
}
