// The clerk's first session, end to end: an empty app, importing the 大同 sample through the
// preview, checking the grid, editing a status and a progress text, undoing, and finding the
// ledger again after a restart. A screenshot is saved after each step (tests/out/e2e/).

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, before, describe, it } from 'node:test'

import {
  click,
  clickVisibleXPath,
  css,
  cspViolations,
  find,
  goTo,
  invoke,
  memoryOf,
  ROOT,
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

/** The one folder an export made inside `dir` ("第1期 下发 YYYY-MM-DD"): exports never write
 * into the chosen folder itself. */
function exportedFolder(dir) {
  const folders = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory())
  assert.equal(folders.length, 1, `导出文件夹 ${dir} 中应当只有一个新建的文件夹`)
  return join(dir, folders[0].name)
}

/** The task id of a row by sheet and 序号, read from the grid. */
async function taskId(driver, sheet, seq) {
  const cell = await find(driver, `[data-test="cell-seq"][data-sheet="${sheet}"][data-seq="${seq}"]`)
  return cell.getAttribute('data-task')
}

describe('台账通 desktop app', () => {
  let driver
  const metrics = {}
  let editedTask

  /** Types into the <input>/<textarea> with this data-test (Element Plus puts it on the input or its wrapper). */
  async function typeInto(name, ...keys) {
    const el = await find(driver, `[data-test="${name}"]`)
    const tag = await el.getTagName()
    const input = tag === 'input' || tag === 'textarea' ? el : await el.findElement(css('input, textarea'))
    await input.sendKeys(...keys)
  }

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

  it('narrows the grid as the clerk types a search, and shows every task again once it is cleared', async () => {
    // Each keystroke asks at once: 续 selects 13 tasks, 续贷 5; the answer shown is the last text's.
    await typeInto('filter-keyword', '续', '贷')
    await waitText(driver, '[data-test="task-filtered"]', '5')
    const seqs = () =>
      driver.executeScript(`return [...document.querySelectorAll('[data-test="cell-seq"]')].map((e) => e.dataset.seq)`)
    await waitFor(driver, async () => (await seqs()).join() === '4,5,6,7,32', '搜索“续贷”后表格里不是第4–7、32项')
    await screenshot(driver, 'ledger-searched')
    await typeInto('filter-keyword', '\uE003', '\uE003') // Backspace twice
    await waitFor(driver, async () => (await driver.findElements(css('[data-test="task-filtered"]'))).length === 0, '清空搜索后仍显示“筛选出”')
    await waitFor(driver, async () => (await seqs())[0] === '1', '清空搜索后第1项没有回到表格')
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

  it('undoes nothing when the confirmed operation is no longer the newest, and says why', async () => {
    await click(driver, '[data-test="undo"]')
    await find(driver, '.el-message-box')
    assert.match(await textOf(driver, '.el-message-box'), /撤销“修改任务 \d+ 的状态”/)
    // While the clerk reads the question, another change lands (as from a second window).
    const landed = await driver.executeAsyncScript(
      `const done = arguments[arguments.length - 1];
       window.__TAURI_INTERNALS__.invoke('edit_task', { task_id: arguments[0], edit: { kind: 'status', status: '推进中' } })
         .then((b) => done('ok ' + b), (e) => done('ERR ' + e))`,
      Number(editedTask),
    )
    assert.match(landed, /^ok \d+/)
    await click(driver, '.el-message-box__btns .el-button--primary')
    await waitFor(driver, async () => /已不是最近一次操作/.test((await textOf(driver, '.el-message')) ?? ''), '没有说明未撤销的原因')
    const message = await textOf(driver, '.el-message')
    assert.match(message, /最近一次是“修改任务 \d+ 的状态”/)
    assert.match(message, /未撤销任何内容/)
    // The grid reloads and shows the change that landed.
    await waitText(driver, `[data-test="status"][data-task="${editedTask}"] .status-text`, '推进中')
    await screenshot(driver, 'ledger-stale-undo')
    // Nothing was undone: both status edits stand, the newest is 推进中.
    const history = await driver.executeAsyncScript(
      `const done = arguments[arguments.length - 1];
       window.__TAURI_INTERNALS__.invoke('history').then((h) => done(JSON.stringify(h)), (e) => done('ERR ' + e))`,
    )
    const batches = JSON.parse(history)
    assert.equal(batches[0].summary, `修改任务 ${editedTask} 的状态`)
    assert.equal(batches[0].undone_at, null)
    assert.equal(batches.filter((b) => b.undone_at !== null).length, 1, 'only the progress edit was undone earlier')
    // Put the status back for the steps below.
    await driver.executeAsyncScript(
      `const done = arguments[arguments.length - 1];
       window.__TAURI_INTERNALS__.invoke('edit_task', { task_id: arguments[0], edit: { kind: 'status', status: '已完成' } }).then(done, done)`,
      Number(editedTask),
    )
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
      // The files go into a new folder of the round and day inside the chosen one.
      assert.deepEqual(readdirSync(exportDir).map((d) => d.replace(/\d{4}-\d{2}-\d{2}$/, 'DATE')), ['第1期 下发 DATE'])
      assert.ok(readdirSync(exportedFolder(exportDir)).some((f) => f.includes(COLLECTED_UNIT)))
      await screenshot(driver, 'rounds-exported')
    })

    it('collects one unit file back: that unit late, the others 逾期未报, named in the 催报 text', async () => {
      const folder = exportedFolder(exportDir)
      const file = readdirSync(folder).find((f) => f.includes(COLLECTED_UNIT))
      await typeInto('collect-paths', join(folder, file))
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

  describe('a 报送 round on the 大同 sample: units assigned in the app, one return through openpyxl and LibreOffice', () => {
    const work = mkdtempSync(join(tmpdir(), 'taizhang-e2e-datong-'))
    const exportDir = join(work, '大同报送表')
    const consolidated = join(work, '大同汇总台账.xlsx')
    const GROUP = '提高信用贷款占比'
    const LEAD = ['市财政局', '市政府金融办']
    const CO = '人民银行大同市中心支行'
    const DRAWER_CO = '大同银保监分局'
    const BY_HAND = '已完成贷款投放统计，正在汇总'
    const REPORTED = '本季度新增信用贷款 3.5 亿元，占比提高 2 个百分点'
    /** The due date: two weeks from today, so a return collected now is on time. */
    const due = new Date(Date.now() + 14 * 86400_000).toISOString().slice(0, 10)
    let groupSize = 0
    let task3
    let task1
    /** Tasks given units: the group, plus item 1 if it is not in it. */
    let assigned = 0

    /** Opens an Element Plus select, types `query` into its search box and picks the option. */
    async function pick(name, query, optionXPath) {
      await click(driver, `[data-test="${name}"]`)
      if (query) await (await find(driver, `[data-test="${name}"] input`)).sendKeys(query)
      await clickVisibleXPath(driver, optionXPath)
      // A multiple select stays open: click the open dialog's title (outside it) to close it.
      await clickVisibleXPath(driver, "//span[contains(@class,'el-dialog__title')]")
      // and let its closing transition end, so the next select's options are the only ones shown
      await waitFor(
        driver,
        () => driver.executeScript("return [...document.querySelectorAll('.el-select__popper')].every((e) => getComputedStyle(e).display === 'none')"),
        '下拉框没有关上',
      )
    }
    const unitOption = (unit) =>
      `//li[contains(@class,'el-select-dropdown__item')][.//span[@class='unit-name' and normalize-space(.)='${unit}']]`
    const messages = () =>
      driver.executeScript("return [...document.querySelectorAll('.el-message__content')].map((e) => e.textContent.trim())")
    /** Calls a command the way the UI does and returns its result (throws its Chinese error). */
    const command = (cmd, args) => invoke(driver, cmd, args)
    /** 市财政局's tasks in every ledger before this ledger's units were assigned (鄂尔多斯 names it too). */
    let financeBefore = 0
    /** Chooses the 大同 ledger in a page's ledger select. */
    async function chooseDatong() {
      await click(driver, '[data-test="ledger-select"]')
      await clickVisibleXPath(driver, "//li[contains(@class,'el-select-dropdown__item')][contains(., '市场主体倍增')]")
    }

    it('opens the 大同 grid: no unit columns, so no 责任单位 yet', async () => {
      await goTo(driver, 'ledger', '[data-test="ledger"]')
      await chooseDatong()
      await waitText(driver, '[data-test="task-total"]', '58')
      task3 = await taskId(driver, '全面清单', '3')
      task1 = await taskId(driver, '全面清单', '1')
      financeBefore = (await command('list_units')).find((u) => u.name === LEAD[0])?.task_count ?? 0
      assert.equal(await driver.executeScript("return document.querySelectorAll('[data-test=\"units\"]').length"), 0)
    })

    it('assigns lead and co units to a whole 工作要求 group from the directory', async () => {
      await click(driver, '[data-test="open-assign"]')
      await find(driver, '[data-test="assign-dialog"]')
      await pick('assign-group', GROUP, `//li[contains(@class,'el-select-dropdown__item')][contains(., '全面清单 · ${GROUP}')]`)
      const summary = await waitFor(
        driver,
        async () => (await textOf(driver, '[data-test="assign-summary"]')).match(/将为 (\d+) 项任务/),
        '没有显示将指定的任务数',
      )
      groupSize = Number(summary[1])
      assert.ok(groupSize >= 2, `分组“${GROUP}”只有 ${groupSize} 项任务`)
      await pick('assign-lead', '财政', unitOption(LEAD[0]))
      await pick('assign-lead', '金融办', unitOption(LEAD[1])) // found by the name; 市金融办 is its alias
      await pick('assign-co', '大同市中心', unitOption(CO))
      const chosen = await driver.executeScript(
        "return [...document.querySelectorAll('[data-test=\"assign-lead\"] .el-select__tags-text, [data-test=\"assign-co\"] .el-select__tags-text')].map((e) => e.textContent.trim())",
      )
      assert.deepEqual(chosen, [...LEAD, CO])
      await screenshot(driver, 'datong-assign-dialog')
      await click(driver, '[data-test="assign-submit"]')
      await waitFor(
        driver,
        async () => (await messages()).includes(`已为 ${groupSize} 项任务指定单位：${[...LEAD, CO].join('、')}`),
        '没有显示指定成功',
      )
      await waitFor(driver, async () => (await textOf(driver, `[data-test="units"][data-task="${task3}"]`)) === `${LEAD.join('、')}${CO}`, '第 3 项没有显示指定的单位')
      await screenshot(driver, 'datong-units-assigned')
    })

    it('adds a co-operating unit to one task from its drawer', async () => {
      const inGroup = (await textOf(driver, `[data-test="units"][data-task="${task1}"]`))?.includes(LEAD[0]) ?? false
      assigned = groupSize + (inGroup ? 0 : 1)
      await click(driver, `[data-test="open-drawer"][data-task="${task1}"]`)
      await click(driver, '[data-test="drawer-assign"]')
      await find(driver, '[data-test="assign-dialog"]')
      await waitFor(driver, async () => /将为 1 项任务/.test(await textOf(driver, '[data-test="assign-summary"]')), '没有选中这项任务')
      await pick('assign-co', '银保监', unitOption(DRAWER_CO))
      await click(driver, '[data-test="assign-submit"]')
      await waitFor(driver, async () => (await messages()).includes(`已为 1 项任务指定单位：${DRAWER_CO}`), '没有显示指定成功')
      await waitFor(driver, async () => (await textOf(driver, '.el-drawer')).includes(DRAWER_CO), '抽屉里没有新的配合单位')
      await screenshot(driver, 'datong-drawer-assigned')
      await click(driver, '.el-drawer__close-btn')
      await waitFor(driver, async () => (await textOf(driver, `[data-test="units"][data-task="${task1}"]`)).endsWith(DRAWER_CO), '表格里第 1 项没有新的配合单位')
    })

    it('changes item 3’s status and progress in the grid', async () => {
      await click(driver, `[data-test="status"][data-task="${task3}"]`)
      await clickVisibleXPath(driver, "//li[contains(@class,'el-select-dropdown__item')][normalize-space(.)='推进中']")
      await waitText(driver, `[data-test="status"][data-task="${task3}"] .status-text`, '推进中')
      await click(driver, `[data-test="progress"][data-task="${task3}"]`)
      await (await find(driver, 'input[data-test="progress-input"]')).sendKeys(BY_HAND, '\uE007')
      await waitText(driver, `[data-test="progress"][data-task="${task3}"]`, BY_HAND)
      await screenshot(driver, 'datong-grid-edited')
    })

    it(`starts 第1期 due ${due}`, async () => {
      await goTo(driver, 'rounds', '[data-test="rounds"]')
      await chooseDatong()
      await waitFor(driver, async () => /还没有报送期次/.test(await textOf(driver, '[data-test="rounds"]')), '大同台账不应已有期次')
      await typeInto('round-label', '第1期')
      await typeInto('round-due', due, '\uE007')
      await click(driver, '[data-test="new-round"]')
      await find(driver, '[data-test="round-第1期"]')
      assert.match(await textOf(driver, '[data-test="round-table"]'), new RegExp(due))
    })

    it('exports one file per assigned unit, with progress reported file by file', async () => {
      await typeInto('export-dir', exportDir)
      await click(driver, '[data-test="export-units"]')
      await find(driver, '[data-test="export-files"]')
      const rows = await waitFor(driver, async () => {
        const r = await driver.executeScript(
          "return [...document.querySelectorAll('[data-test=\"export-files\"] .el-table__body tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()))",
        )
        return r.length ? r : false
      }, '没有列出导出的文件')
      const units = Object.fromEntries(rows.map(([unit, count]) => [unit, Number(count)]))
      assert.deepEqual(Object.keys(units).sort(), [...LEAD, CO, DRAWER_CO].sort())
      assert.equal(units[LEAD[0]], groupSize)
      assert.equal(units[DRAWER_CO], 1)
      assert.deepEqual(readdirSync(exportedFolder(exportDir)).filter((f) => f.endsWith('.xlsx')).sort(), [...LEAD, CO, DRAWER_CO].map((u) => `${u}.xlsx`).sort())
      assert.equal(await (await find(driver, '[data-test="export-card"]')).getAttribute('data-progress'), '4/4')
      assert.match(await textOf(driver, '[data-test="export-card"]'), new RegExp(`${58 - assigned} 项任务没有责任单位，未下发`))
      assert.match(await textOf(driver, '[data-test="export-folder"]'), /复制路径/)
      await screenshot(driver, 'datong-exported')
    })

    it('collects 市财政局’s file, filled with openpyxl and re-saved by LibreOffice: the unit is marked returned', async () => {
      const filled = join(work, '填好', `${LEAD[0]}.xlsx`)
      mkdirSync(dirname(filled), { recursive: true })
      const spec = join(work, 'spec.json')
      writeFileSync(spec, JSON.stringify({ progress: { [`T${task3}`]: REPORTED }, status: { [`T${task3}`]: '已完成' } }))
      execFileSync('python3', [join(ROOT, 'tests/support/fill_return.py'), join(exportedFolder(exportDir), `${LEAD[0]}.xlsx`), filled, spec])
      const lo = join(work, 'libreoffice')
      execFileSync('soffice', [`-env:UserInstallation=file://${join(work, '.lo-profile')}`, '--headless', '--convert-to', 'xlsx', '--outdir', lo, filled])
      const resaved = join(lo, `${LEAD[0]}.xlsx`)
      assert.ok(existsSync(resaved), 'LibreOffice 没有写出文件')

      await typeInto('collect-paths', resaved)
      await click(driver, '[data-test="collect"]')
      await waitText(driver, '[data-test="collect-outcome"]', '已收取')
      // item 3's progress and status; item 1 (if in the file) went out as 已完成 and came back as is:
      // a row that fills nothing in reports nothing, so it is listed as not filled in
      assert.match(await textOf(driver, '[data-test="collect-report"]'), /收取 2 项填报内容/)
      assert.equal(await (await find(driver, '[data-test="collect-card"]')).getAttribute('data-progress'), '1/1')
      await waitText(driver, `[data-test="state-${LEAD[0]}"]`, '已报送')
      for (const unit of [LEAD[1], CO, DRAWER_CO]) assert.equal(await textOf(driver, `[data-test="state-${unit}"]`), '未报送', unit)
      await screenshot(driver, 'datong-collected')
    })

    it('shows the reported progress on item 3 only, with unit and round; the lead unit’s status taken', async () => {
      await goTo(driver, 'ledger', '[data-test="ledger"]')
      await waitText(driver, `[data-test="latest-report"][data-task="${task3}"] [data-test="report-text"]`, REPORTED)
      assert.equal(await textOf(driver, `[data-test="latest-report"][data-task="${task3}"] [data-test="report-unit"]`), LEAD[0])
      assert.match(await textOf(driver, `[data-test="latest-report"][data-task="${task3}"]`), /市财政局 · 第1期/)
      // Only item 3 was reported on; item 1 (if in the file) came back as sent out and reports nothing.
      const others = await driver.executeScript(
        `return [...document.querySelectorAll('[data-test="latest-report"]')].filter((e) => e.dataset.task !== '${task3}').map((e) => [e.dataset.task, e.querySelector('[data-test="report-text"]').textContent])`,
      )
      assert.deepEqual(others, [])
      await waitText(driver, `[data-test="status"][data-task="${task3}"] .status-text`, '已完成')
      assert.equal(await textOf(driver, `[data-test="progress"][data-task="${task3}"]`), BY_HAND)
      await driver.executeScript(`document.querySelector('[data-test="latest-report"][data-task="${task3}"]').scrollIntoView({ block: 'nearest', inline: 'end' })`)
      await screenshot(driver, 'datong-grid-reported')

      await click(driver, `[data-test="open-drawer"][data-task="${task3}"]`)
      await waitFor(driver, async () => (await textOf(driver, '[data-test="drawer-reports"]'))?.includes(REPORTED), '抽屉里没有单位报送')
      const reports = await textOf(driver, '[data-test="drawer-reports"]')
      assert.match(reports, /第1期 · 市财政局 · 收取于 \d{4}-\d{2}-\d{2}/)
      assert.match(reports, /完成状态：已完成/)
      await driver.executeScript("document.querySelector('[data-test=\"drawer-reports\"]').scrollIntoView()")
      await screenshot(driver, 'datong-drawer-reports')
      await click(driver, '.el-drawer__close-btn')
    })

    it('exports the consolidated ledger: item 3 carries the reported progress', async () => {
      await goTo(driver, 'rounds', '[data-test="rounds"]')
      await chooseDatong()
      await find(driver, '[data-test="round-第1期"]')
      await typeInto('consolidate-path', consolidated)
      await click(driver, '[data-test="consolidate"]')
      await waitFor(driver, async () => /已导出 58 项任务/.test(await textOf(driver, '[data-test="consolidate-result"]')), '没有显示汇总导出结果')
      const book = JSON.parse(execFileSync('python3', [join(ROOT, 'tests/support/inspect_xlsx.py'), consolidated], { encoding: 'utf8' }))
      const rows = book.sheets.find((s) => s.name === '全面清单').rows
      const headerRow = rows.findIndex((r) => r.includes('序号'))
      const seqCol = rows[headerRow].indexOf('序号')
      const progressCol = rows[headerRow].findIndex((c) => c && c.includes('进展'))
      const row = rows.slice(headerRow + 1).find((r) => r[seqCol] === '3')
      assert.ok(row, '汇总台账的全面清单里没有序号 3')
      // one unit reported on it, so its text replaces the clerk's own note without a 【unit】 prefix
      assert.equal(row[progressCol], REPORTED)
      await driver.executeScript("document.querySelector('[data-test=\"consolidate-result\"]').scrollIntoView({ block: 'center' })")
      await screenshot(driver, 'datong-consolidated')
      assert.deepEqual(await cspViolations(driver), [])
    })

    it('charts task status per unit on the home page', async () => {
      await goTo(driver, 'home', '[data-test="unit-chart"]')
      // The chart shows the core's counts: 市财政局's tasks in both ledgers, 已完成 as counted in SQL.
      const finance = (await command('status_overview')).units.find((u) => u.name === LEAD[0])
      assert.equal(finance.total, financeBefore + groupSize)
      const done = Object.fromEntries(finance.counts)['已完成']
      // item 3 was completed by 市财政局's return, item 1 (if in the group) by hand earlier
      assert.ok(done >= (assigned === groupSize ? 2 : 1), `已完成 ${done}`)
      await waitFor(
        driver,
        async () => (await textOf(driver, `[data-test="unit-chart-${LEAD[0]}"]`))?.includes(`${finance.total} 项，已完成 ${done}`),
        `${LEAD[0]} 的状态统计不对`,
      )
      assert.match(await textOf(driver, '[data-test="home"]'), /已完成 \d+/)
      await driver.executeScript("document.querySelector('[data-test=\"unit-chart\"]').scrollIntoView()")
      await screenshot(driver, 'datong-home-units-chart')
    })

    it('merges a mistyped unit into 市财政局 on the 单位 page, keeps a contact, and undoes the merge', async () => {
      const TYPO = '大同市财政局办公室'
      // A clerk types a name the directory does not know: it becomes a new, unconfirmed unit.
      await goTo(driver, 'ledger', '[data-test="ledger"]')
      await click(driver, '[data-test="open-assign"]')
      await pick('assign-group', '提升续贷', `//li[contains(@class,'el-select-dropdown__item')][contains(., '全面清单 · 提升续贷转贷比重')]`)
      const extra = Number((await textOf(driver, '[data-test="assign-summary"]')).match(/将为 (\d+) 项任务/)[1])
      await click(driver, '[data-test="assign-lead"]')
      await (await find(driver, '[data-test="assign-lead"] input')).sendKeys(TYPO, '\uE007')
      await waitFor(driver, async () => (await textOf(driver, '[data-test="assign-lead"] .el-select__tags-text')) === TYPO, '没有加上新单位')
      await clickVisibleXPath(driver, "//label[contains(@class,'el-form-item__label')][normalize-space(.)='任务范围']")
      await click(driver, '[data-test="assign-submit"]')
      await find(driver, '.el-notification')
      assert.match(await textOf(driver, '.el-notification'), new RegExp(`名录中没有这些单位[\\s\\S]*${TYPO}`))
      await click(driver, '.el-notification__closeBtn')

      await goTo(driver, 'units', '[data-test="units-table"]')
      await typeInto('units-search', '财政局')
      await waitText(driver, `[data-test="unit-tasks-${TYPO}"]`, String(extra))
      await waitText(driver, `[data-test="unit-tasks-${LEAD[0]}"]`, String(financeBefore + groupSize))
      assert.match(await textOf(driver, '[data-test="units-table"]'), new RegExp(`${TYPO}\\s*未确认`))

      await click(driver, `[data-test="edit-contact-${LEAD[0]}"]`)
      await typeInto('contact-name', '王科长')
      await typeInto('contact-phone', '0352-2345678')
      await click(driver, '[data-test="contact-save"]')
      await waitFor(driver, async () => /王科长\s*0352-2345678/.test(await textOf(driver, '[data-test="units-table"]')), '没有显示联系人')
      await screenshot(driver, 'units-before-merge')

      await click(driver, `[data-test="merge-${TYPO}"]`)
      await pick('merge-target', LEAD[0], unitOption(LEAD[0]))
      await click(driver, '[data-test="merge-submit"]')
      await waitFor(driver, async () => (await messages()).some((m) => m.startsWith(`已把“${TYPO}”合并到“${LEAD[0]}”：${extra} 项任务`)), '没有显示合并成功')
      await waitText(driver, `[data-test="unit-tasks-${LEAD[0]}"]`, String(financeBefore + groupSize + extra))
      assert.equal(await textOf(driver, `[data-test="unit-${TYPO}"]`), null)
      assert.match(await textOf(driver, '[data-test="units-table"]'), new RegExp(`${LEAD[0]}[\\s\\S]*${TYPO}`)) // now an alias
      await screenshot(driver, 'units-merged')

      await click(driver, '[data-test="units-undo"]')
      await find(driver, '.el-message-box')
      assert.match(await textOf(driver, '.el-message-box'), new RegExp(`撤销“把单位“${TYPO}”合并到“${LEAD[0]}””`))
      await click(driver, '.el-message-box__btns .el-button--primary')
      await waitText(driver, `[data-test="unit-tasks-${TYPO}"]`, String(extra))
      await waitText(driver, `[data-test="unit-tasks-${LEAD[0]}"]`, String(financeBefore + groupSize))
      assert.deepEqual(await cspViolations(driver), [])
    })
  })
})
