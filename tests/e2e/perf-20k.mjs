// Measures the app with a city-scale ledger, by hand (not part of scripts/e2e.sh):
//   python3 tests/e2e/make_big_ledger.py /tmp/city-20000.xlsx 20000
//   start Xvfb + tauri-driver as scripts/e2e.sh does, with TAIZHANG_DATA_DIR set to an empty folder, then
//   TAIZHANG_APP=target/release/taizhang-app BIG_LEDGER=/tmp/city-20000.xlsx node tests/e2e/perf-20k.mjs
// Prints import time, time to show the grid, scrolling frame times and memory.

import { click, memoryOf, startApp, waitText } from './helpers.mjs'

const file = process.env.BIG_LEDGER ?? '/tmp/city-20000.xlsx'
const { driver, startupMs } = await startApp()
const out = { startupMs }
try {
  let t = Date.now()
  out.importedTasks = await driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     window.__TAURI_INTERNALS__.invoke('import_ledger', { path: arguments[0], overrides: [], year: null })
       .then((r) => done(r), (e) => done('ERR ' + e))`,
    file,
  )
  out.importMs = Date.now() - t
  const ledgerId = out.importedTasks.ledger_id
  out.importedTasks = out.importedTasks.task_count

  t = Date.now()
  await click(driver, '[data-test="menu-ledger"]')
  await driver.executeScript('location.hash = arguments[0]', `#/ledger/${ledgerId}`)
  const rows = String(out.importedTasks)
  await waitText(driver, '[data-test="task-total"]', rows, 120_000)
  out.gridShownMs = Date.now() - t

  out.ledgerTasksInvoke = await driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1]; const t = performance.now();
     window.__TAURI_INTERNALS__.invoke('ledger_tasks', { ledger_id: arguments[0] })
       .then((r) => done({ ms: Math.round(performance.now() - t), jsonBytes: JSON.stringify(r).length }))`,
    ledgerId,
  )

  // Scroll by one wheel event per frame for 3 s; split script time from the rest (paint).
  out.scroll = await driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1]; const delta = arguments[0];
     const r = document.querySelector('.el-table-v2__body').getBoundingClientRect();
     let frames = 0, js = 0, worst = 0, last = performance.now(); const t0 = last;
     function step(now) {
       frames++; worst = Math.max(worst, now - last); last = now;
       const t1 = performance.now();
       document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)
         .dispatchEvent(new WheelEvent('wheel', { deltaY: delta, bubbles: true, cancelable: true }));
       Promise.resolve().then(() => { js += performance.now() - t1 });
       if (now - t0 < 3000) requestAnimationFrame(step);
       else done({ frames, fps: Math.round(frames / ((now - t0) / 1000)), worstFrameMs: Math.round(worst),
                   scriptMsPerFrame: +(js / frames).toFixed(1),
                   firstRowShown: Math.min(...[...document.querySelectorAll('[data-test=cell-seq]')].map((e) => +e.dataset.seq)),
                   rowsInDom: document.querySelectorAll('.el-table-v2__row').length });
     }
     requestAnimationFrame(step)`,
    Number(process.env.SCROLL_STEP ?? 100),
  )
  out.memory = memoryOf()?.total
} finally {
  console.log(JSON.stringify(out, null, 2))
  await driver.quit()
}
