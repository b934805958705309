// TypeScript mirrors of the Rust serde structs the commands return (src/model.rs,
// src/service/*.rs, src/store/changes.rs, src/dates/deadline.rs, src-tauri/src/commands/*.rs).
// Field names are the Rust names (snake_case); dates are "YYYY-MM-DD" strings.

/** model::Field — the meaning of a ledger column. */
export type Field =
  | 'seq'
  | 'category'
  | 'measure'
  | 'lead'
  | 'co'
  | 'deadline'
  | 'progress'
  | 'problems'
  | 'next_plan'
  | 'target'
  | 'detail'
  | 'note'
  | 'status'
  | 'other'

/** model::ColumnMapping */
export interface ColumnMapping {
  index: number
  letter: string
  header: string
  field: Field
}

/** model::LedgerSummary */
export interface LedgerSummary {
  ledger_id: number
  title: string
  source_file: string
  anchor_year: number | null
  imported_at: string
  sheet_count: number
  task_count: number
}

/** commands::ledgers::LedgerOverview (LedgerSummary flattened + counts) */
export interface LedgerOverview extends LedgerSummary {
  /** Tasks per status; tasks without one are under "未填写". */
  status_counts: Record<string, number>
  overdue: number
}

/** dates::DeadlineKind */
export type DeadlineKind = 'none' | 'date' | 'milestones' | 'ongoing' | 'recurring' | 'unreadable'

/** dates::Recurrence */
export type Recurrence = 'yearly' | 'half_yearly' | 'quarterly' | 'monthly' | 'biweekly' | 'weekly'

/** dates::Milestone */
export interface Milestone {
  date: string
  text: string
}

/** dates::Deadline */
export interface Deadline {
  raw: string
  kind: DeadlineKind
  due: string | null
  milestones: Milestone[]
  ongoing: boolean
  recurrence: Recurrence | null
}

/** model::TaskView */
export interface TaskView {
  task_id: number
  sheet: string
  source_row: number
  seq: string
  category: string[]
  measure: string
  lead_units: string[]
  co_units: string[]
  deadline: Deadline
  status: string | null
  /** Original cells by header (a blank or repeated header gets "（G列）" added). */
  cells: Record<string, string>
}

/** commands::ledgers::SheetColumns */
export interface SheetColumns {
  name: string
  columns: ColumnMapping[]
}

/** store::CategoryCount: a category path of a sheet with its task count. */
export interface CategoryCount {
  sheet: string
  path: string[]
  tasks: number
}

/** commands::ledgers::LedgerOutline: what the grid opens with (no tasks). */
export interface LedgerOutline {
  ledger: LedgerSummary
  sheets: SheetColumns[]
  total: number
  overdue: number
  units: string[]
  has_lead: boolean
  has_co: boolean
  categories: CategoryCount[]
  has_reports: boolean
}

/** store::TaskFilter: the grid's filters (unset ones select everything). */
export interface TaskFilter {
  unit: string | null
  /** A status, or NO_STATUS for tasks without one. */
  status: string | null
  /** The first levels of the category path. */
  category: string[]
  overdue_only: boolean
  keyword: string | null
}

/** commands::ledgers::GridPage: one page of the tasks a filter selects. */
export interface GridPage {
  /** How many tasks the filter selects in all. */
  total: number
  offset: number
  tasks: TaskView[]
  /** The page's tasks' reports, newest first within a task. */
  reports: TaskReport[]
}

/** commands::units::AssignScope: the tasks an assignment would reach and their units. */
export interface AssignScope {
  task_ids: number[]
  lead_units: string[]
  co_units: string[]
}

/** import::YearSource */
export type YearSource = 'title' | 'file_name' | 'deadlines' | 'user'

/** import::SkippedRow */
export interface SkippedRow {
  row: number
  reason: string
}

/** import::PassedSheet */
export interface PassedSheet {
  name: string
  reason: string
}

/** service::resolver::UnknownUnit */
export interface UnknownUnit {
  name: string
  suggestion: string | null
  tasks: string[]
}

/** service::import::UnreadableDeadline */
export interface UnreadableDeadline {
  sheet: string
  row: number
  seq: string
  text: string
}

/** service::import::SheetReport */
export interface SheetReport {
  name: string
  header_row: number
  header_rows: number
  columns: ColumnMapping[]
  task_count: number
  skipped_rows: SkippedRow[]
}

/** service::import::ImportSummary */
export interface ImportSummary {
  file: string
  title: string
  anchor_year: number | null
  anchor_year_source: YearSource | null
  task_count: number
  sheets: SheetReport[]
  passed_over_sheets: PassedSheet[]
  unknown_units: UnknownUnit[]
  unreadable_deadlines: UnreadableDeadline[]
  indicators: FoundIndicator[]
  unplaced: UnplacedSentence[]
}

/** indicators::Indicator: a quantitative target as read from the text (or corrected). */
export interface Indicator {
  metric: string
  comparator: 'ge' | 'le' | 'eq'
  target: number
  unit: string
  baseline: number | null
  baseline_date: string | null
  period: string | null
  sentence: string
}

/** service::import::FoundIndicator (indicators::Indicator flattened) */
export interface FoundIndicator extends Indicator {
  indicator_id: number | null
  task: string | null
  seq: string | null
  target_text: string
}

/** service::import::UnplacedSentence */
export interface UnplacedSentence {
  task: string | null
  sentence: string
}

/** service::import::ImportPreview (ImportSummary flattened) */
export interface ImportPreview extends ImportSummary {
  existing_ledger_id: number | null
  reading_changes: string[]
}

/** service::import::ImportReport (ImportSummary flattened) */
export interface ImportReport extends ImportSummary {
  ledger_id: number
  created: boolean
  batch_id: number | null
  reading_note: string | null
}

/** service::edit::TaskEdit (serde tag "kind") */
export type TaskEdit =
  | { kind: 'status'; status: string | null }
  | { kind: 'cell'; column: number; value: string }

/** store::Change */
export interface Change {
  entity: string
  entity_id: number
  field: string | null
  old_value: string | null
  new_value: string | null
}

/** store::Batch */
export interface Batch {
  batch_id: number
  at: string
  actor: string
  action: string
  source: string
  summary: string
  undone_at: string | null
  changes: Change[]
}

/** service::undo::UndoReport */
export interface UndoReport {
  batch_id: number
  summary: string
  undo_batch_id: number
}

/** commands::import::SampleTemplate */
export interface SampleTemplate {
  name: string
  file_name: string
  path: string
}

/** commands::app::AppInfo */
export interface AppInfo {
  version: string
  db_path: string
  open_error: string | null
  damaged: Damaged | null
  startup_warning: string | null
  templates_dir: string
  package_name: string
}

/** state::Damaged: the startup check found the database damaged. */
export interface Damaged {
  message: string
  latest_backup: string | null
  latest_backup_time: string | null
}

/** service::backup::BackupInfo */
export interface BackupInfo {
  path: string
  reason: 'collect' | 'daily' | 'manual' | 'restore' | 'damaged'
  reason_label: string
  created_at: string
  size: number
}

/** service::backup::RestoreReport */
export interface RestoreReport {
  database: string
  restored_from: string
  previous_saved_to: string | null
  ledgers: number
}

/** model::TASK_STATUSES */
export const TASK_STATUSES = ['已完成', '推进中', '未启动', '长期坚持'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]

/** model::Field::label, in Field::ALL order. */
export const FIELD_LABELS: Record<Field, string> = {
  seq: '序号',
  category: '任务类别',
  measure: '工作措施',
  lead: '牵头单位',
  co: '配合单位',
  deadline: '完成时限',
  progress: '进展情况',
  problems: '存在问题',
  next_plan: '下一步工作计划',
  target: '目标和效果',
  detail: '细化举措',
  note: '备注',
  status: '状态',
  other: '其他（原样保留）',
}

/** store::RoundRow */
export interface RoundRow {
  round_id: number
  ledger_id: number
  label: string
  period_start: string | null
  period_end: string | null
  due: string
  created_at: string
}

/** service::rounds::ScheduleReport (schedule: dates::schedule::Schedule, shown via description) */
export interface ScheduleReport {
  ledger_id: number
  schedule: unknown
  description: string
}

/** service::distribute::ExportedFile */
export interface ExportedFile {
  unit_id: number
  unit: string
  path: string
  task_count: number
}

/** service::distribute::ExportReport */
export interface ExportReport {
  round_id: number
  out_dir: string
  files: ExportedFile[]
  tasks_without_units: string[]
}

/** service::collect::Outcome */
export type Outcome =
  | 'applied'
  | 'already_collected'
  | 'needs_unit'
  | 'rejected'
  | 'unreadable'
  | 'failed'
  | 'not_processed'

/** service::collect::RefusedChange */
export interface RefusedChange {
  task_id: number
  sheet: string
  seq: string
  header: string
  original: string
  returned: string
}

/** service::collect::AddedRow */
export interface AddedRow {
  sheet: string
  row: number
  seq: string
  measure: string
}

/** service::collect::MissingTask */
export interface MissingTask {
  task_id: number
  sheet: string
  seq: string
  kept_from: string | null
}

/** service::collect::KeptNewer */
export interface KeptNewer {
  task_id: number
  sheet: string
  seq: string
  header: string
  this_file: string
  kept: string
  newer_file: string
  newer_time: string
}

/** service::collect::TextMatch */
export interface TextMatch {
  sheet: string
  row: number
  returned_seq: string
  returned_measure: string
  task_id: number
  seq: string
  measure: string
  score: number
  by: 'seq' | 'text'
}

/** service::collect::SeqConflict */
export interface SeqConflict {
  sheet: string
  row: number
  seq: string
  measure: string
  ledger_measure: string
  score: number
}

/** service::collect::UnassignedTask */
export interface UnassignedTask {
  task_id: number
  sheet: string
  seq: string
  measure: string
}

/** service::collect::UnitCandidate */
export interface UnitCandidate {
  unit_id: number
  name: string
  reason: string
}

/** import::attachments::ReturnSource: a file on disk, or a file inside a .zip. */
export interface ReturnSource {
  path: string
  entry: string | null
}

/** service::collect::CollectReport */
export interface CollectReport {
  file: string
  source: ReturnSource
  outcome: Outcome
  message: string
  unit: string | null
  unit_id: number | null
  identified_by: 'identity' | 'title_line' | 'file_name' | 'content' | 'clerk' | null
  file_time: string | null
  file_time_source: 'document' | 'file' | 'collected' | null
  return_id: number | null
  batch_id: number | null
  replaces: string[]
  /** How many values were taken (which ones, with their texts: the change log). */
  taken: number
  kept_newer: KeptNewer[]
  refused: RefusedChange[]
  added_rows: AddedRow[]
  text_matches: TextMatch[]
  conflicts: SeqConflict[]
  unassigned: UnassignedTask[]
  missing_tasks: MissingTask[]
  unfilled_tasks: MissingTask[]
  blank_rows: number
  unit_candidates: UnitCandidate[]
}

/** service::collect::AdoptReport */
export interface AdoptReport {
  unit: string
  task_ids: number[]
  as_lead: number
  statuses_set: number
  batch_id: number
}

/** service::round_status::UnitState */
export type UnitState = 'returned' | 'late' | 'pending' | 'missing'

/** service::round_status::UnitRoundStatus */
export interface UnitRoundStatus {
  unit_id: number
  unit: string
  state: UnitState
  file: string | null
  received_at: string | null
  files: number
}

/** service::round_status::RoundStatus */
export interface RoundStatus {
  round_id: number
  label: string
  ledger_title: string
  due: string
  today: string
  units: UnitRoundStatus[]
  returned: number
  late: number
  not_returned: number
  reminder: string | null
}

/** export::UnitSummary */
export interface UnitSummary {
  unit: string
  tasks: number
  returned: boolean
  completed: number
  overdue: number
}

/** export::OverdueTask */
export interface OverdueTask {
  sheet: string
  seq: string
  measure: string
  lead_units: string
  due: string
}

/** service::consolidate::ConsolidateReport */
export interface ConsolidateReport {
  ledger_id: number
  round_id: number | null
  path: string
  task_count: number
  units: UnitSummary[]
  overdue: OverdueTask[]
}

/** service::round_status::UnitState::label */
export const UNIT_STATE_LABELS: Record<UnitState, string> = {
  returned: '已报送',
  late: '迟报',
  pending: '未报送',
  missing: '逾期未报',
}

/** How a return's unit was recognised, in Chinese. */
export const IDENTIFIED_BY_LABELS: Record<string, string> = {
  identity: '下发文件的标识',
  title_line: '“填报单位”一行',
  file_name: '文件名',
  content: '填报的任务',
  clerk: '手工指定',
}

/** Chinese names of collect outcomes. */
export const OUTCOME_LABELS: Record<Outcome, string> = {
  applied: '已收取',
  already_collected: '已收取过',
  needs_unit: '待指定单位',
  rejected: '未收取',
  unreadable: '无法读取',
  failed: '出错未收取',
  not_processed: '未处理',
}

// ---- units, reports and charts (store::directory, service::assign, service::reports) ----

/** store::UnitEntry */
export interface UnitEntry {
  unit_id: number
  name: string
  aliases: string[]
  confirmed: boolean
  task_count: number
  lead_count: number
  contact: string | null
  phone: string | null
}

/** service::AssignReport */
export interface AssignReport {
  task_ids: number[]
  lead_units: string[]
  co_units: string[]
  unknown_units: UnknownUnit[]
  batch_id: number
}

/** Which tasks to assign units to: by id, or a whole 工作要求 group (optionally on one sheet). */
export type AssignTarget = { task_ids: number[] } | { category: string; sheet: string | null }

/** service::reports::ReportedField */
export interface ReportedField {
  header: string
  value: string
}

/** service::TaskReport — what one unit reported for one task in one round. */
export interface TaskReport {
  task_id: number
  return_id: number
  round_id: number
  round_label: string
  unit: string
  received_at: string
  status: string | null
  progress: string | null
  values: ReportedField[]
}

/** service::reports::StatusBreakdown */
export interface StatusBreakdown {
  id: number
  name: string
  counts: [string, number][]
  total: number
  overdue: number
}

/** service::StatusOverview */
export interface StatusOverview {
  ledgers: StatusBreakdown[]
  units: StatusBreakdown[]
}

/** commands::rounds::Progress — sent on a Channel while files are exported or collected. */
export interface Progress {
  done: number
  total: number
}

/** service::MergeReport */
export interface MergeReport {
  source: string
  target: string
  aliases_moved: number
  tasks_moved: number
  batch_id: number
}

/** store::IndicatorValue */
export interface IndicatorValue {
  indicator_id: number
  round_id: number
  round_label: string
  return_id: number
  unit_id: number
  unit_name: string
  value: number
  unit: string | null
  raw: string
}

/** service::IndicatorStatus (StoredIndicator and Indicator flattened) */
export interface IndicatorStatus extends Indicator {
  indicator_id: number
  ledger_id: number
  task_id: number | null
  sheet: string | null
  seq: string | null
  target_text: string
  actuals: IndicatorValue[]
  actual_text: string | null
  verdict: 'met' | 'not_met' | 'not_reported' | 'incomparable'
  verdict_label: string
}

/** service::IndicatorEdit: fields left out stay as they are. */
export interface IndicatorEdit {
  metric?: string
  comparator?: string
  target?: number
  unit?: string
  baseline?: number
  baseline_date?: string
  period?: string
  task_id?: number
  clear?: string[]
  removed?: boolean
}

// ---- 报告与考核 (src/report.rs, src/assessment/*.rs, src/service/{report,scores,round_facts}.rs) ----

/** report::Block (serde tag "kind") */
export type ReportBlock =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; lead: string | null; text: string }
  | { kind: 'table'; headers: string[]; rows: string[][] }

/** report::Document */
export interface ReportDocument {
  title: string
  recipient: string | null
  blocks: ReportBlock[]
  closing: string | null
  attachment: string | null
  signature: string
  date: string
}

/** service::report::ReportWritten */
export interface ReportWritten {
  round_id: number
  path: string
  document: ReportDocument
}

/** report::wording::Segment */
export interface WordingSegment {
  key: string
  label: string
  text: string
  default: string
  placeholders: string[]
  customised: boolean
}

/** report::wording::Wording */
export interface Wording {
  segments: WordingSegment[]
  placeholders: { name: string; description: string }[]
}

/** assessment::rules::ScoreRules */
export interface ScoreRules {
  on_time: number
  late: number
  missing: number
  completed: number
  overdue: number
  target_met: number
  target_missed: number
  praise_at: number
  remind_at: number
}

/** assessment::rules::RuleSpec */
export interface RuleSpec {
  key: keyof ScoreRules
  label: string
  default: number
}

/** service::scores::RulesView */
export interface RulesView {
  ledger_id: number
  rules: ScoreRules
  specs: RuleSpec[]
  description: string
}

/** assessment::scoring::EventKind */
export type EventKind = 'on_time' | 'late' | 'missing' | 'completed' | 'overdue' | 'target_met' | 'target_missed'

/** assessment::scoring::ScoreEvent */
export interface ScoreEvent {
  round_id: number
  round_label: string
  unit: string
  kind: EventKind
  label: string
  points: number
  reason: string
  task_id: number | null
  indicator_id: number | null
}

/** assessment::scoring::UnitScore */
export interface UnitScore {
  rank: number
  unit: string
  total: number
  rounds: number
  average: number
  standing: 'praise' | 'remind' | 'neutral'
  events: ScoreEvent[]
}

/** assessment::scoring::ScoreBoard */
export interface ScoreBoard {
  scope: string
  round_ids: number[]
  rules: ScoreRules
  units: UnitScore[]
  praise: string[]
  remind: string[]
}

/** service::scores::NoticeWritten */
export interface NoticeWritten {
  path: string
  board: ScoreBoard
  document: ReportDocument
}

/** service::round_facts::RoundPoint */
export interface RoundPoint {
  round_id: number
  label: string
  due: string
  tasks: number
  completed: number
  overdue: number
  expected: number
  on_time: number
  late: number
  not_returned: number
}
