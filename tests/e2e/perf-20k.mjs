// Measures the app with a city-scale ledger, by hand (not part of scripts/e2e.sh):
//   python3 tests/e2e/make_big_ledger.py /tmp/city-20000.xlsx 20000
//   start Xvfb + tauri-driver as scripts/e2e.sh does, with TAIZHANG_DATA_DIR set to an empty folder, then
//   TAIZHANG_APP=target/release/taizhang-app BIG_LEDGER=/tmp/city-20000.xlsx node tests/e2e/perf-20k.mjs
// With LEDGER_ID=1 (and LEDGER_TASKS) the ledger is taken as already imported into the data folder
// (`taizhang --db $TAIZHANG_DATA_DIR/taizhang.db import …`) instead of imported through the app.
// Prints the import time; the time from the click on 台账 to the grid showing the ledger's rows;
// the outline and a page as the grid fetches them from Rust (time and JSON size); a filter and
// five searches from the moment the input changes to the count and the rows shown; scrolling frame
// times (rows still waiting for their page); and the memory (PSS, MiB) of the app process and of
// each WebKit process at startup, before the grid, with the grid shown and at the end.

import { readFileSync } from 'node:fs'

import { click, find, memoryOf, screenshot, settle, startApp } from './helpers.mjs'

const file = process.env.BIG_LEDGER ?? '/tmp/city-20000.xlsx'
const { driver, startupMs } = await startApp()
const out = { startupMs, pss: { started: pssMiB() } }

/** Runs `invoke(command, args)` in the page: its time and the size of its JSON answer. */
const timedInvoke = (command, args) =>
  driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1]; const t = performance.now();
     window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])
       .then((r) => done({ ms: Math.round(performance.now() - t), jsonBytes: JSON.stringify(r).length }),
             (e) => done({ error: String(e) }))`,
    command,
    args,
  )

/** Milliseconds from running `action` in the page until `condition` holds (checked every frame).
 * Both are pasted into the script (the page's CSP forbids eval). */
const timeUntil = (action, condition) =>
  driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     const holds = () => (${condition});
     const t = performance.now();
     (() => { ${action} })();
     (function check() {
       if (holds()) done(Math.round(performance.now() - t));
       else if (performance.now() - t > 60000) done(-1);
       else requestAnimationFrame(check);
     })()`,
  )

/** PSS in MiB of the app process, each WebKit process and all of them (memoryOf's kB, rounded). */
function pssMiB() {
  const memory = memoryOf()
  if (!memory) return null
  const mib = (kb) => Math.round(kb / 1024)
  const out = Object.fromEntries(memory.processes.map((p) => [p.name, mib(p.pss_kb)]))
  return { ...out, total: mib(memory.total.pss_kb) }
}

/** The web process's mappings with the most PSS (SMAPS=1): what the page's memory is. */
function largestMappings(memory) {
  const web = memory?.processes.find((p) => p.name === 'WebKitWebProcess')
  if (!web) return null
  const blocks = readFileSync(`/proc/${web.pid}/smaps`, 'utf8').split(/\n(?=[0-9a-f]+-[0-9a-f]+ )/)
  const size = (block) => Number(block.match(/^Pss:\s+(\d+)/m)?.[1] ?? 0)
  const byName = new Map()
  for (const b of blocks) {
    const name = b.split('\n')[0].split(/\s+/).slice(5).join(' ') || '[anonymous]'
    byName.set(name, (byName.get(name) ?? 0) + size(b))
  }
  return [...byName].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([name, kb]) => `${Math.round(kb / 1024)} MiB ${name}`)
}

try {
  // LEDGER_ID: the ledger is already in the data folder (imported by the CLI), so the app's memory
  // holds nothing an import left behind.
  let ledgerId = Number(process.env.LEDGER_ID ?? 0)
  out.importedTasks = Number(process.env.LEDGER_TASKS ?? 20000)
  if (!ledgerId) {
    const t = Date.now()
    const imported = await driver.executeAsyncScript(
      `const done = arguments[arguments.length - 1];
       window.__TAURI_INTERNALS__.invoke('import_ledger', { path: arguments[0], overrides: [], year: null, reimport: false })
         .then((r) => done(r), (e) => done('ERR ' + e))`,
      file,
    )
    if (typeof imported === 'string') throw new Error(imported)
    out.importMs = Date.now() - t
    ledgerId = imported.ledger_id
    out.importedTasks = imported.task_count
  }
  await settle(driver, 1000)
  out.pss.beforeGrid = pssMiB()

  // From the click on 台账 to the ledger's count and its first rows on screen, timed in the page.
  await driver.executeScript('localStorage.setItem("taizhang.lastLedger", arguments[0])', String(ledgerId))
  const rows = String(out.importedTasks)
  out.gridShownMs = await timeUntil(
    `document.querySelector('[data-test="menu-ledger"]').click()`,
    `document.querySelector('[data-test="task-total"]')?.textContent === ${JSON.stringify(rows)}
     && !!document.querySelector('.el-table-v2__row [data-test="cell-seq"]')`,
  )

  await settle(driver, 1000)
  out.pss.gridShown = pssMiB()
  out.outlineInvoke = await timedInvoke('ledger_outline', { ledger_id: ledgerId })
  const noFilter = { unit: null, status: null, category: [], overdue_only: false, keyword: null }
  out.pageInvoke = await timedInvoke('ledger_task_page', { ledger_id: ledgerId, filter: noFilter, offset: 10000, limit: 100 })
  out.searchInvoke = await timedInvoke('ledger_task_page', {
    ledger_id: ledgerId,
    filter: { ...noFilter, keyword: '第1999项' },
    offset: 0,
    limit: 100,
  })

  // Searches typed in the box until their one row is shown (the query starts at once, one at a
  // time), each cleared again; then a status filter chosen until its rows are shown. Under Xvfb a
  // frame takes 70–90 ms, so one search says little: the median of five is printed, and all five.
  const search = `document.querySelector('input[placeholder="搜索措施、类别或序号"]')`
  out.searchesShownMs = []
  for (const n of [1999, 7, 12345, 500, 19999]) {
    out.searchesShownMs.push(
      await timeUntil(
        `const i = ${search}; i.value = '第${n}项'; i.dispatchEvent(new Event('input'))`,
        `document.querySelector('[data-test="task-filtered"]')?.textContent === '1'
         && document.querySelector('.el-table-v2__row [data-test="cell-seq"]')?.dataset.seq === '${n}'`,
      ),
    )
    // Cleared: every task shown again (its query done) before the next search.
    await timeUntil(
      `const i = ${search}; i.value = ''; i.dispatchEvent(new Event('input'))`,
      `!document.querySelector('[data-test="task-filtered"]')
       && document.querySelector('.el-table-v2__row [data-test="cell-seq"]')?.dataset.seq === '1'`,
    )
    await settle(driver, 300)
  }
  out.searchShownMs = [...out.searchesShownMs].sort((a, b) => a - b)[2]
  await click(driver, '[data-test="filter-status"]')
  await find(driver, '.el-select-dropdown__item')
  await settle(driver, 300)
  out.statusFilterShownMs = await timeUntil(
    `[...document.querySelectorAll('.el-select-dropdown__item')].find((e) => e.offsetParent && e.textContent.trim() === '未填写').click()`,
    `document.querySelector('[data-test="task-filtered"]')?.textContent === ${JSON.stringify(rows)}
     && !!document.querySelector('.el-table-v2__row [data-test="cell-seq"]')`,
  )
  await screenshot(driver, 'perf-20k-filtered')

  // Scroll by one wheel event per frame for 3 s; split script time from the rest (paint).
  out.scroll = await driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1]; const delta = arguments[0];
     const r = document.querySelector('.el-table-v2__body').getBoundingClientRect();
     let frames = 0, js = 0, worst = 0, waiting = 0, last = performance.now(); const t0 = last;
     function step(now) {
       frames++; worst = Math.max(worst, now - last); last = now;
       waiting += [...document.querySelectorAll('.el-table-v2__row')].filter((e) => !e.querySelector('[data-test=cell-seq]')).length;
       const t1 = performance.now();
       document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)
         .dispatchEvent(new WheelEvent('wheel', { deltaY: delta, bubbles: true, cancelable: true }));
       Promise.resolve().then(() => { js += performance.now() - t1 });
       if (now - t0 < 3000) requestAnimationFrame(step);
       else setTimeout(() => done({ frames, fps: Math.round(frames / ((now - t0) / 1000)), worstFrameMs: Math.round(worst),
                   scriptMsPerFrame: +(js / frames).toFixed(1), rowsWaitingPerFrame: +(waiting / frames).toFixed(1),
                   firstRowShown: Math.min(...[...document.querySelectorAll('[data-test=cell-seq]')].map((e) => +e.dataset.seq)),
                   rowsInDom: document.querySelectorAll('.el-table-v2__row').length }), 500);
     }
     requestAnimationFrame(step)`,
    Number(process.env.SCROLL_STEP ?? 100),
  )
  await screenshot(driver, 'perf-20k-scrolled')
  out.pss.end = pssMiB()
  if (process.env.SMAPS) out.largestMappings = largestMappings(memoryOf())
} finally {
  console.log(JSON.stringify(out, null, 2))
  await driver.quit()
}
