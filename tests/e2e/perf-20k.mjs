// Measures the app with a city-scale ledger, by hand (not part of scripts/e2e.sh):
//   python3 tests/e2e/make_big_ledger.py /tmp/city-20000.xlsx 20000
//   start Xvfb + tauri-driver as scripts/e2e.sh does, with TAIZHANG_DATA_DIR set to an empty folder, then
//   TAIZHANG_APP=target/release/taizhang-app BIG_LEDGER=/tmp/city-20000.xlsx node tests/e2e/perf-20k.mjs
// Prints the import time; the time from the click on 台账 to the grid showing the ledger's rows;
// the outline and a page as the grid fetches them from Rust (time and JSON size); a filter and a
// search from the moment the input changes to the count and the rows shown; scrolling frame
// times (rows still waiting for their page); and the memory of the app with WebKit (PSS).

import { click, clickVisibleXPath, find, memoryOf, startApp, waitFor, waitText } from './helpers.mjs'

const file = process.env.BIG_LEDGER ?? '/tmp/city-20000.xlsx'
const { driver, startupMs } = await startApp()
const out = { startupMs }

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

try {
  let t = Date.now()
  const imported = await driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     window.__TAURI_INTERNALS__.invoke('import_ledger', { path: arguments[0], overrides: [], year: null })
       .then((r) => done(r), (e) => done('ERR ' + e))`,
    file,
  )
  out.importMs = Date.now() - t
  const ledgerId = imported.ledger_id
  out.importedTasks = imported.task_count

  // From the click on 台账 to the ledger's count and its first rows on screen.
  await driver.executeScript('localStorage.setItem("taizhang.lastLedger", arguments[0])', String(ledgerId))
  t = Date.now()
  await click(driver, '[data-test="menu-ledger"]')
  await waitText(driver, '[data-test="task-total"]', String(out.importedTasks), 120_000)
  await find(driver, '.el-table-v2__row [data-test="cell-seq"]')
  out.gridShownMs = Date.now() - t

  out.outlineInvoke = await timedInvoke('ledger_outline', { ledger_id: ledgerId })
  const noFilter = { unit: null, status: null, category: [], overdue_only: false, keyword: null }
  out.pageInvoke = await timedInvoke('ledger_task_page', { ledger_id: ledgerId, filter: noFilter, offset: 10000, limit: 100 })
  out.searchInvoke = await timedInvoke('ledger_task_page', {
    ledger_id: ledgerId,
    filter: { ...noFilter, keyword: '第1999项' },
    offset: 0,
    limit: 100,
  })

  // A search typed in the box (the box waits 150 ms for typing to pause; that pause is counted)
  // and a status filter, each until the count and the rows are shown; then back to everything.
  const input = await find(driver, 'input[placeholder="搜索措施、类别或序号"]')
  t = Date.now()
  await input.sendKeys('第1999项')
  await waitText(driver, '[data-test="task-filtered"]', '1')
  out.searchShownMs = Date.now() - t
  await driver.executeScript(
    `const i = document.querySelector('input[placeholder="搜索措施、类别或序号"]');
     i.value = ''; i.dispatchEvent(new Event('input'))`,
  )
  await waitFor(driver, async () => (await driver.findElements({ css: '[data-test="task-filtered"]' })).length === 0, 'search not cleared')
  await click(driver, '[data-test="filter-status"]')
  t = Date.now()
  await clickVisibleXPath(driver, "//li[contains(@class,'el-select-dropdown__item')][normalize-space(.)='未填写']")
  await waitFor(driver, async () => (await driver.findElements({ css: '[data-test="task-filtered"]' })).length === 1, 'no filter count')
  out.statusFilterShownMs = Date.now() - t

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
  out.memory = memoryOf()
} finally {
  console.log(JSON.stringify(out, null, 2))
  await driver.quit()
}
