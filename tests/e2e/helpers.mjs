// Shared helpers of the end-to-end tests: a WebDriver session on the app through tauri-driver
// (started by scripts/e2e.sh), screenshots into tests/out/e2e/, waiting helpers.

import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import { Builder, By, until } from 'selenium-webdriver'

const here = dirname(fileURLToPath(import.meta.url))
export const ROOT = resolve(here, '..', '..')
export const OUT = join(ROOT, 'tests', 'out', 'e2e')
export const APP = process.env.TAIZHANG_APP ?? join(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'), 'debug', 'taizhang-app')
export const DRIVER_URL = process.env.TAURI_DRIVER_URL ?? 'http://127.0.0.1:4444/'
export const TIMEOUT = 20_000

mkdirSync(OUT, { recursive: true })

/** Starts the app in a new WebDriver session; returns the driver and the ms until `readyCss` showed. */
export async function startApp(readyCss = '[data-test="home"]') {
  const started = Date.now()
  const driver = await new Builder()
    .usingServer(DRIVER_URL)
    .withCapabilities({ browserName: 'wry', 'tauri:options': { application: APP } })
    .build()
  await driver.wait(until.elementLocated(By.css(readyCss)), TIMEOUT)
  return { driver, startupMs: Date.now() - started }
}

/** Waits for two animation frames and transitions to finish, so a screenshot shows the current DOM. */
export async function settle(driver, ms = 400) {
  await driver.executeAsyncScript(
    'const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, arguments[0])))',
    ms,
  )
}

let shot = 0
/** Saves a screenshot as tests/out/e2e/NN-name.png. */
export async function screenshot(driver, name) {
  await settle(driver)
  shot += 1
  const file = join(OUT, `${String(shot).padStart(2, '0')}-${name}.png`)
  writeFileSync(file, Buffer.from(await driver.takeScreenshot(), 'base64'))
  return file
}

export const css = (selector) => By.css(selector)

/** Waits for an element and returns it. */
export async function find(driver, selector, timeout = TIMEOUT) {
  return driver.wait(until.elementLocated(By.css(selector)), timeout, `没有出现：${selector}`)
}

/**
 * Clicks an element once it can take the click: retries while a loading mask, a closing
 * drawer or a message-box overlay is still in front of it.
 */
export async function click(driver, selector, timeout = TIMEOUT) {
  let lastError = null
  try {
    await driver.wait(async () => {
      try {
        await (await driver.findElement(By.css(selector))).click()
        return true
      } catch (e) {
        lastError = e
        return false
      }
    }, timeout)
  } catch {
    throw new Error(`无法点击 ${selector}：${lastError?.name ?? ''} ${lastError?.message ?? ''}`)
  }
}

/** Waits until `fn` returns a truthy value and returns it. */
export async function waitFor(driver, fn, message, timeout = TIMEOUT) {
  return driver.wait(async () => {
    try {
      return await fn()
    } catch {
      return false
    }
  }, timeout, message)
}

/** The text content of the first element matching `selector` (null when there is none). */
export async function textOf(driver, selector) {
  return driver.executeScript('const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null', selector)
}

/** Waits for an element's text content to equal `text`. */
export async function waitText(driver, selector, text, timeout = TIMEOUT) {
  let last = null
  try {
    return await waitFor(
      driver,
      async () => {
        last = await textOf(driver, selector)
        return last === text
      },
      `${selector} 的文字不是“${text}”`,
      timeout,
    )
  } catch (e) {
    throw new Error(`${selector}: expected “${text}”, last saw “${last}”: ${e.message}`)
  }
}

/**
 * Clicks the visible element matching an XPath (dropdown items are teleported to <body>),
 * retrying while it cannot take the click yet (a dropdown still opening).
 */
export async function clickVisibleXPath(driver, xpath) {
  await waitFor(
    driver,
    async () => {
      for (const e of await driver.findElements(By.xpath(xpath))) {
        if (await e.isDisplayed()) {
          await e.click()
          return true
        }
      }
      return false
    },
    `没有可见的或无法点击 ${xpath}`,
  )
}

/** Clicks a left-menu entry and waits for its page. */
export async function goTo(driver, menu, pageCss) {
  await click(driver, `[data-test="menu-${menu}"]`)
  await find(driver, pageCss)
}

/**
 * Drops files (or folders) onto the window as Tauri reports an OS drop: the webview's
 * `tauri://drag-enter` and `tauri://drag-drop` events with the paths, sent through Tauri's own
 * event system to the listener the page registered with `onDragDropEvent`. Not covered: the OS
 * drag itself and WebKitGTK/wry turning it into those events (WebDriver cannot drag files in
 * from outside the window). Returns what the two emits answered ("ok" each).
 */
export async function dropFiles(driver, paths) {
  return [await dragOver(driver, paths), await emitDrag(driver, 'tauri://drag-drop', paths)]
}

/** Drags files over the window without dropping them (the `tauri://drag-enter` event). */
export async function dragOver(driver, paths) {
  return emitDrag(driver, 'tauri://drag-enter', paths)
}

function emitDrag(driver, event, paths) {
  return driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     window.__TAURI_INTERNALS__.invoke('plugin:event|emit', { event: arguments[0], payload: arguments[1] })
       .then(() => done('ok'), (e) => done('ERR ' + e))`,
    event,
    { paths, position: { x: 640, y: 400 } },
  )
}

/** CSP violations the page recorded (see ui/src/main.ts). */
export async function cspViolations(driver) {
  return driver.executeScript('return window.__cspViolations || []')
}

/** PSS and RSS (kB) of the app process and the WebKit processes it started. */
export function memoryOf(appPath = APP) {
  const procs = []
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      procs.push({ pid: Number(pid), ppid, cmd })
    } catch {
      // the process ended while we looked
    }
  }
  const app = procs.find((p) => p.cmd[0] === appPath)
  if (!app) return null
  const children = procs.filter((p) => p.ppid === app.pid)
  const rollup = (pid) => {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')
    const kb = (key) => Number(text.match(new RegExp(`^${key}:\\s+(\\d+)`, 'm'))?.[1] ?? 0)
    return { rss_kb: kb('Rss'), pss_kb: kb('Pss') }
  }
  const rows = [app, ...children].map((p) => ({ name: p.cmd[0].split('/').pop(), pid: p.pid, ...rollup(p.pid) }))
  const total = rows.reduce((t, r) => ({ rss_kb: t.rss_kb + r.rss_kb, pss_kb: t.pss_kb + r.pss_kb }), { rss_kb: 0, pss_kb: 0 })
  return { processes: rows, total }
}

export function writeMetrics(name, value) {
  writeFileSync(join(OUT, `${name}.json`), JSON.stringify(value, null, 2) + '\n')
}

/** Calls a Tauri command the way the UI does and returns its result; throws its Chinese error. */
export async function invoke(driver, cmd, args = {}) {
  const [ok, value] = await driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then((v) => done([true, v]), (e) => done([false, String(e)]))`,
    cmd,
    args,
  )
  if (!ok) throw new Error(value)
  return value
}
