// The rows of the ledger grid, fetched from Rust a page at a time: one entry per task the
// filters select (a placeholder until its page arrives), the pages the grid is about to show
// fetched once each, and what the units reported for the tasks fetched.

import { shallowRef, type Ref } from 'vue'

import { api } from '../api'
import type { TaskFilter, TaskReport, TaskView } from '../api/types'
import { showError } from './tasks'

/** Rows per page fetched from Rust. */
export const PAGE = 100

/** A row whose page has not arrived yet: only its (negative) id. */
const placeholder = (i: number) => ({ task_id: -1 - i }) as TaskView

/** Whether a row is still a placeholder. */
export const isPlaceholder = (t: TaskView) => t.task_id < 0

export function useTaskPages(ledgerId: Ref<number | null>, filter: Ref<TaskFilter>) {
  /** One entry per task the filters select, in ledger order. */
  const rows = shallowRef<TaskView[]>([])
  /** What the units reported, per fetched task, newest first. */
  const reports = shallowRef<Map<number, TaskReport[]>>(new Map())
  /** Pages asked for since the rows were last reset. */
  const pages = new Map<number, Promise<void>>()
  /** Bumped on every reset, so that a page answered late for older filters is dropped. */
  let generation = 0

  /** Adds a page's reports to the map (replacing what it had for those tasks). */
  function keepReports(tasks: TaskView[], list: TaskReport[], fresh: boolean) {
    const map = fresh ? new Map<number, TaskReport[]>() : new Map(reports.value)
    for (const t of tasks) map.delete(t.task_id)
    for (const r of list) {
      const l = map.get(r.task_id)
      if (l) l.push(r)
      else map.set(r.task_id, [r])
    }
    reports.value = map
  }

  /** Fetches page `p` (once), unless the rows were reset meanwhile. */
  function fetchPage(p: number): Promise<void> {
    const asked = pages.get(p)
    if (asked) return asked
    const gen = generation
    const id = ledgerId.value
    const job = (async () => {
      if (id === null) return
      const page = await api.ledgerTaskPage(id, filter.value, p * PAGE, PAGE)
      if (gen !== generation) return
      const list = rows.value.slice()
      page.tasks.forEach((t, i) => {
        if (p * PAGE + i < list.length) list[p * PAGE + i] = t
      })
      rows.value = list
      keepReports(page.tasks, page.reports, false)
    })().catch((e) => {
      pages.delete(p)
      if (gen === generation) showError(e)
    })
    pages.set(p, job)
    return job
  }

  /** el-table-v2's rows-rendered event: the pages of the rows it shows and keeps around them. */
  function onRowsRendered({ rowCacheStart, rowCacheEnd }: { rowCacheStart: number; rowCacheEnd: number }) {
    for (let p = Math.floor(rowCacheStart / PAGE); p <= Math.floor(rowCacheEnd / PAGE); p++) {
      if (p * PAGE < rows.value.length) fetchPage(p)
    }
  }

  /** Starts the rows over for the current filters: the first page tells how many there are. */
  async function resetOnce() {
    const gen = ++generation
    pages.clear()
    const id = ledgerId.value
    if (id === null) {
      rows.value = []
      reports.value = new Map()
      return
    }
    const page = await api.ledgerTaskPage(id, filter.value, 0, PAGE)
    if (gen !== generation) return
    const list = Array.from({ length: page.total }, (_, i) => placeholder(i))
    page.tasks.forEach((t, i) => (list[i] = t))
    rows.value = list
    pages.set(0, Promise.resolve())
    keepReports(page.tasks, page.reports, true)
  }

  /** The reset under way, if any, and whether the filters changed again meanwhile. */
  let resetting: Promise<void> | null = null
  let resetAgain = false

  /**
   * Starts the rows over for the current filters, at once. While a reset is under way, one more
   * follows it with the filters as they are by then: typing in the search box asks Rust at most
   * once at a time, and its last answer is for the last keystroke.
   */
  function resetRows(): Promise<void> {
    if (resetting) {
      resetAgain = true
      return resetting
    }
    resetting = (async () => {
      try {
        do {
          resetAgain = false
          await resetOnce()
        } while (resetAgain)
      } finally {
        resetting = null
      }
    })()
    return resetting
  }

  return { rows, reports, resetRows, onRowsRendered }
}
