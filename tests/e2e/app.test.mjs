// The clerk's first session, end to end: an empty app, importing the 大同 sample through the
// preview, checking the grid, editing a status and a progress text, undoing, and finding the
// ledger again after a restart. A screenshot is saved after each step (tests/out/e2e/).

import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'

import {
  click,
  clickVisibleXPath,
  css,
  cspViolations,
  find,
  goTo,
  memoryOf,
  screenshot,
  startApp,
  textOf,
  waitFor,
  waitText,
  writeMetrics,
} from './helpers.mjs'

const SAMPLE = '大同-市场主体倍增-抓落实清单'
const TITLE = '全市强化市场主体倍增金融业要素服务保障行动计划抓落实全面清单'
const PROGRESS = '已召开银企对接会 3 场，新增信用贷款 1.2 亿元'
/** The sample with unit columns, used for the 报送 round. */
const UNIT_SAMPLE = '鄂尔多斯-金融支持人才和科技创新-重点任务台账'
const COLLECTED_UNIT = '市政府金融办'

assert.ok(process.env.TAIZHANG_DATA_DIR, 'scripts/e2e.sh gives each run a fresh TAIZHANG_DATA_DIR')

/** The task id of a row by sheet and 序号, read from the grid. */
async function taskId(driver, sheet, seq) {
  const cell = await find(driver, `[data-test="cell-seq"][data-sheet="${sheet}"][data-seq="${seq}"]`)
  return cell.getAttribute('data-task')
}

describe('台账通 desktop app', () => {
  let driver
  const metrics = {}
  let editedTask

  before(async () => {
    const started = await startApp()
    driver = started.driver
    metrics.cold_start_to_home_ms = started.startupMs
  })

  after(async () => {
    writeMetrics('metrics', metrics)
    if (driver) await driver.quit().catch(() => {})
  })

  it('opens on an empty home page', async () => {
    await find(driver, '[data-test="home"] .el-empty')
    // let WebKit settle before measuring memory with an empty database
    await new Promise((r) => setTimeout(r, 1500))
    metrics.memory_empty_db = memoryOf()
    await screenshot(driver, 'home-empty')
    assert.match(await textOf(driver, '[data-test="home"]'), /还没有台账/)
  })

  it('previews the 大同 sample: 58 tasks in two sheets', async () => {
    await goTo(driver, 'import', '[data-test="import"]')
    await click(driver, `[data-test="sample-${SAMPLE}"]`)
    await find(driver, '[data-test="preview"]')
    await waitText(driver, '[data-test="preview-task-count"]', '58')
    const preview = await textOf(driver, '[data-test="preview"]')
    assert.match(preview, /全面清单（44 项）/)
    assert.match(preview, /重点清单（14 项）/)
    assert.match(preview, /根据完成时限推测/)
    await screenshot(driver, 'import-preview')
  })

  it('lets the clerk change what a column means (overrides are sent and the preview redone)', async () => {
    const fieldOf = (letter) => textOf(driver, `[data-test="field-${letter}"] .el-select__selected-item:not(.is-hidden)`)
    assert.equal(await fieldOf('E'), '细化举措')
    await click(driver, '[data-test="field-E"]')
    await clickVisibleXPath(driver, "//li[contains(@class,'el-select-dropdown__item')][normalize-space(.)='备注']")
    await waitFor(driver, async () => (await fieldOf('E')) === '备注', '第 E 列没有改为备注')
    await screenshot(driver, 'import-override')
    // and back, so the import below uses the ledger's own reading
    await click(driver, '[data-test="field-E"]')
    await clickVisibleXPath(driver, "//li[contains(@class,'el-select-dropdown__item')][normalize-space(.)='细化举措']")
    await waitFor(driver, async () => (await fieldOf('E')) === '细化举措', '第 E 列没有改回细化举措')
    await waitText(driver, '[data-test="preview-task-count"]', '58')
  })

  it('imports it and shows the report', async () => {
    await click(driver, '[data-test="do-import"]')
    await find(driver, '[data-test="report"]')
    await waitFor(driver, async () => /导入完成/.test(await textOf(driver, '[data-test="report"]')), '没有显示导入完成')
    assert.match(await textOf(driver, '[data-test="report"]'), /共 58 项任务/)
    await screenshot(driver, 'import-report')
  })

  it('shows the ledger: 58 tasks, item 3 under 提高信用贷款占比', async () => {
    await click(driver, '[data-test="open-ledger"]')
    await waitText(driver, '[data-test="task-total"]', '58')
    const id = await taskId(driver, '全面清单', '3')
    await waitText(driver, `[data-test="category"][data-task="${id}"]`, '提高信用贷款占比')
    await screenshot(driver, 'ledger-grid')
  })

  it('sets a status to 已完成 and writes a progress text', async () => {
    editedTask = await taskId(driver, '全面清单', '1')
    await click(driver, `[data-test="status"][data-task="${editedTask}"]`)
    await clickVisibleXPath(driver, "//li[contains(@class,'el-select-dropdown__item')][normalize-space(.)='已完成']")
    await waitText(driver, `[data-test="status"][data-task="${editedTask}"] .status-text`, '已完成')

    await click(driver, `[data-test="progress"][data-task="${editedTask}"]`)
    const input = await find(driver, 'input[data-test="progress-input"]')
    await input.sendKeys(PROGRESS, '\uE007') // Enter
    await waitText(driver, `[data-test="progress"][data-task="${editedTask}"]`, PROGRESS)
    await screenshot(driver, 'ledger-edited')
  })

  it('shows the task in the drawer with its history', async () => {
    await click(driver, `[data-test="open-drawer"][data-task="${editedTask}"]`)
    const drawer = await find(driver, '.el-drawer')
    await waitFor(driver, async () => /修改记录[\s\S]*已完成/.test(await textOf(driver, '.el-drawer')), '抽屉里没有修改记录')
    const text = await textOf(driver, '.el-drawer')
    assert.match(text, /推动辖内银行业机构减少抵押担保依赖/)
    assert.match(text, new RegExp(PROGRESS.slice(0, 8)))
    await screenshot(driver, 'task-drawer')
    await click(driver, '.el-drawer__close-btn')
    await waitFor(driver, async () => !(await drawer.isDisplayed()), '抽屉没有关上')
  })

  it('undoes once: the progress reverts, the status stays', async () => {
    await click(driver, '[data-test="undo"]')
 await find(driver, '.el-message-box')
    assert.match(await textOf(driver, '.el-message-box'), /撤销“修改任务 \d+ 的填报内容”/)
    await click(driver, '.el-message-box__btns .el-button--primary')
    await waitText(driver, `[data-test="progress"][data-task="${editedTask}"]`, '点击填写')
    await waitText(driver, `[data-test="status"][data-task="${editedTask}"] .status-text`, '已完成')
    await screenshot(driver, 'ledger-undone')
  })

  it('shows the ledger and its status counts on the home page', async () => {
    await goTo(driver, 'home', '[data-test="ledger-table"]')
    await waitText(driver, '[data-test="ledger-title"]', TITLE)
    await waitText(driver, '[data-test="ledger-task-count"]', '58')
    assert.match(await textOf(driver, '[data-test="home"]'), /已完成 1/)
    await screenshot(driver, 'home-with-ledger')
  })

  it('lists the operations in 修改记录', async () => {
    await goTo(driver, 'history', '[data-test="history-table"]')
    const text = await textOf(driver, '[data-test="history-table"]')
    assert.match(text, /撤销：修改任务/)
    assert.match(text, /导入台账“全市强化/)
    await screenshot(driver, 'history')
  })

  it('shows the 报送 page with the ledger chosen and no round yet', async () => {
    await goTo(driver, 'rounds', '[data-test="rounds"]')
    await waitFor(driver, async () => /还没有报送期次/.test(await textOf(driver, '[data-test="rounds"]')), '没有显示“还没有报送期次”')
    await screenshot(driver, 'rounds-empty')
  })

  it('broke no Content-Security-Policy rule, and the policy is enforced', async () => {
    assert.deepEqual(await cspViolations(driver), [])
    // A style attribute written as HTML must be refused (style-src 'self', no 'unsafe-inline').
    await driver.executeScript(
      "const d = document.createElement('div'); d.innerHTML = '<span id=\"csp-probe\" style=\"color: rgb(1, 2, 3)\">x</span>'; document.body.appendChild(d)",
    )
    const color = await driver.executeScript("return getComputedStyle(document.getElementById('csp-probe')).color")
    assert.notEqual(color, 'rgb(1, 2, 3)')
    await waitFor(driver, async () => (await cspViolations(driver)).length > 0, '没有记录到 CSP 拦截')
    await driver.executeScript("document.getElementById('csp-probe').parentElement.remove(); window.__cspViolations.length = 0")
  })

  it('reports command errors in Chinese and refuses commands it was not granted', async () => {
    const invoke = (cmd, args) =>
      driver.executeAsyncScript(
        `const done = arguments[arguments.length - 1];
         window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then(() => done('ok'), (e) => done('ERR ' + e))`,
        cmd,
        args,
      )
    const missing = await invoke('preview_import', { path: '/nonexistent/台账.xlsx', overrides: [], year: null })
    assert.match(missing, /^ERR 无法读取文件“\/nonexistent\/台账\.xlsx”：文件不存在/)
    const badField = await invoke('preview_import', { path: '/nonexistent.xlsx', overrides: [['主要措施', '不存在的字段']], year: null })
    assert.match(badField, /^ERR 列映射“主要措施=不存在的字段”无法识别/)
    // The capability grants the dialog plugin's open/save only, not its message box.
    assert.match(await invoke('plugin:dialog|message', { message: 'x' }), /^ERR .*not allowed/i)
  })

  it('still has the ledger after a restart', async () => {
    await driver.quit()
    driver = null
    const restarted = await startApp('[data-test="ledger-table"]')
    driver = restarted.driver
    metrics.warm_start_to_home_ms = restarted.startupMs
    await waitText(driver, '[data-test="ledger-title"]', TITLE)
    await waitText(driver, '[data-test="ledger-task-count"]', '58')
    await goTo(driver, 'ledger', '[data-test="ledger"]')
    await waitText(driver, '[data-test="task-total"]', '58')
    await waitText(driver, `[data-test="status"][data-task="${editedTask}"] .status-text`, '已完成')
    await waitText(driver, `[data-test="progress"][data-task="${editedTask}"]`, '点击填写')
    await screenshot(driver, 'after-restart')
    assert.deepEqual(await cspViolations(driver), [])
  })

  describe('a 报送 round on the 鄂尔多斯 sample (it has unit columns)', () => {
    const work = mkdtempSync(join(tmpdir(), 'taizhang-e2e-round-'))
    const exportDir = join(work, '报送表')
    const consolidated = join(work, '汇总台账.xlsx')

    /** Types into the <input>/<textarea> with this data-test (Element Plus puts it on the input or its wrapper). */
    async function typeInto(name, ...keys) {
      const el = await find(driver, `[data-test="${name}"]`)
      const tag = await el.getTagName()
      const input = tag === 'input' || tag === 'textarea' ? el : await el.findElement(css('input, textarea'))
      await input.sendKeys(...keys)
    }

    it('imports the 鄂尔多斯 sample', async () => {
      await goTo(driver, 'import', '[data-test="import"]')
      await click(driver, `[data-test="sample-${UNIT_SAMPLE}"]`)
      await find(driver, '[data-test="preview"]')
      await click(driver, '[data-test="do-import"]')
      await waitFor(driver, async () => /导入完成/.test(await textOf(driver, '[data-test="report"]')), '鄂尔多斯台账没有导入完成')
    })

    it('sets the schedule and starts 第1期 due 2022-04-25', async () => {
      await goTo(driver, 'rounds', '[data-test="rounds"]')
      await click(driver, '[data-test="ledger-select"]')
      await clickVisibleXPath(driver, "//li[contains(@class,'el-select-dropdown__item')][contains(., '人才和科技创新')]")
      await typeInto('schedule-input', '每月10日和25日')
      await click(driver, '[data-test="set-schedule"]')
      await waitFor(driver, async () => /当前周期/.test(await textOf(driver, '[data-test="schedule-description"]')), '没有显示报送周期')

      await typeInto('round-label', '第1期')
      await typeInto('round-due', '2022-04-25', '\uE007')
      await click(driver, '[data-test="new-round"]')
      await find(driver, '[data-test="round-第1期"]')
      await find(driver, '[data-test="export-card"]')
      assert.match(await textOf(driver, '[data-test="round-table"]'), /2022-04-25/)
      await screenshot(driver, 'rounds-new')
    })

    it('exports one file per unit', async () => {
      await typeInto('export-dir', exportDir)
      await click(driver, '[data-test="export-units"]')
      await find(driver, '[data-test="export-files"]')
      await waitFor(driver, async () => (await textOf(driver, '[data-test="export-files"]')).includes(COLLECTED_UNIT), `导出的文件中没有${COLLECTED_UNIT}`)
      assert.ok(readdirSync(exportDir).some((f) => f.includes(COLLECTED_UNIT)))
      await screenshot(driver, 'rounds-exported')
    })

    it('collects one unit file back: that unit late, the others 逾期未报, named in the 催报 text', async () => {
      const file = readdirSync(exportDir).find((f) => f.includes(COLLECTED_UNIT))
      await typeInto('collect-paths', join(exportDir, file))
      await click(driver, '[data-test="collect"]')
      await find(driver, '[data-test="collect-report"]')
      await waitText(driver, '[data-test="collect-outcome"]', '已收取')
      await waitFor(
        driver,
        async () => /^(已报送|迟报)$/.test(await textOf(driver, `[data-test="state-${COLLECTED_UNIT}"]`)),
        `${COLLECTED_UNIT} 没有显示为已报送或迟报`,
      )
      const states = await driver.executeScript(
        "return [...document.querySelectorAll('[data-test^=\"state-\"]')].map((e) => [e.dataset.test.slice(6), e.textContent.trim()])",
      )
      const others = states.filter(([unit]) => unit !== COLLECTED_UNIT)
      assert.ok(others.length > 0, '只有一个单位')
      for (const [unit, state] of others) assert.match(state, /^(未报送|逾期未报)$/, unit)
      const reminder = await driver.executeScript('return document.querySelector(\'textarea[data-test="reminder"], [data-test="reminder"] textarea\').value')
      assert.ok(others.some(([unit]) => reminder.includes(unit)), `催报通知没有点名未报单位：${reminder}`)
      assert.ok(!reminder.includes(COLLECTED_UNIT + '、') && !reminder.endsWith(COLLECTED_UNIT), '催报通知点名了已报送的单位')
      await screenshot(driver, 'rounds-collected')
      await driver.executeScript("document.querySelector('[data-test=\"status-card\"]').scrollIntoView()")
      await screenshot(driver, 'rounds-status')
    })

    it('exports the consolidated ledger', async () => {
      await typeInto('consolidate-path', consolidated)
      await click(driver, '[data-test="consolidate"]')
      await waitFor(driver, async () => /已导出 \d+ 项任务/.test(await textOf(driver, '[data-test="consolidate-result"]')), '没有显示汇总导出结果')
      assert.ok(existsSync(consolidated), `没有写出 ${consolidated}`)
      await screenshot(driver, 'rounds-consolidated')
      assert.deepEqual(await cspViolations(driver), [])
    })
  })
})
