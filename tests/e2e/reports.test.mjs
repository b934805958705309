// 报告与考核: a round of the 鄂尔多斯 十项金融赋能 plan prepared with the taizhang CLI on the app's
// own database (two units return, filled with openpyxl), then in the app: the report preview and
// the .docx read back with python-docx, the ranking against the core's scores with each unit's
// events, a rule change, a wording change, the 通报, and the trend on the home page.

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'

import { Key } from 'selenium-webdriver'

import { ROOT, click, clickVisibleXPath, css, cspViolations, find, goTo, invoke, screenshot, startApp, textOf, waitFor } from './helpers.mjs'

const PLAN = '鄂尔多斯-十项金融赋能行动方案'
const TITLE = '鄂尔多斯市十项金融赋能行动方案（2022—2024年）'
const CLI = process.env.TAIZHANG_CLI ?? join(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'), 'debug', 'taizhang')
const DB = join(process.env.TAIZHANG_DATA_DIR ?? '', 'taizhang.db')
const PROGRESS = '已设立科创金融服务中心，本季度对接企业42家。'
const PROBLEM = '部分银行授信审批周期较长'
const NEXT = '下季度组织银企对接会2场'
const TRADE = '已完成外贸企业融资需求摸底。'

/** Runs the CLI with --json on the app's database and returns its result. */
function cli(...args) {
  return JSON.parse(execFileSync(CLI, ['--db', DB, '--json', ...args], { encoding: 'utf8' }))
}

describe('报告与考核', () => {
  const work = mkdtempSync(join(tmpdir(), 'taizhang-e2e-reports-'))
  const due = new Date(Date.now() + 14 * 86400_000).toISOString().slice(0, 10)
  let driver
  let ledgerId
  let roundId

  /** Calls a command the way the UI does and returns its result. */
  const command = (cmd, args) => invoke(driver, cmd, args)
  const readDocx = (file) => JSON.parse(execFileSync('python3', [join(ROOT, 'tests/support/read_docx.py'), file], { encoding: 'utf8' }))
  /** Replaces the text of an input (Element Plus puts data-test on the native input or its wrapper). */
  async function typeInto(name, text) {
    const el = await find(driver, `[data-test="${name}"]`)
    const tag = await el.getTagName()
    const input = tag === 'input' || tag === 'textarea' ? el : await el.findElement(css('input, textarea'))
    // Select what is there and type over it, as a person would (clear() sends no input event).
    await driver.executeScript('arguments[0].focus(); arguments[0].select()', input)
    await input.sendKeys(text)
  }
  async function tab(label) {
    await clickVisibleXPath(driver, `//div[contains(@class,'el-tabs__item')][normalize-space(.)='${label}']`)
  }
  const preview = () => textOf(driver, '[data-test="report-preview"]')

  before(async () => {
    // The app is not running between test files: prepare the round with the CLI on its database.
    const imported = cli('import', join(ROOT, 'assets/templates', `${PLAN}.docx`))
    ledgerId = imported.ledger_id
    const round = cli('round', 'new', String(ledgerId), '--label', '第1期', '--due', due)
    roundId = round.round_id
    const outDir = cli('export-units', String(roundId), '--out', join(work, '下发')).out_dir
    const tasks = cli('tasks', String(ledgerId))
    const key = (seq) => `T${tasks.find((t) => t.seq === seq).task_id}`
    const fills = {
      市政府金融办: { progress: { [key('4')]: PROGRESS }, cells: { [key('4')]: { 存在问题: PROBLEM, 下一步工作计划: NEXT } } },
      市商务局: { progress: { [key('5')]: TRADE } },
    }
    const filled = []
    for (const [unit, spec] of Object.entries(fills)) {
      const specFile = join(work, `${unit}.json`)
      writeFileSync(specFile, JSON.stringify(spec))
      mkdirSync(join(work, '回收'), { recursive: true })
      const out = join(work, '回收', `${unit}.xlsx`)
      execFileSync('python3', [join(ROOT, 'tests/support/fill_return.py'), join(outDir, `${unit}.xlsx`), out, specFile])
      filled.push(out)
    }
    const collected = cli('collect', String(roundId), ...filled)
    assert.deepEqual(collected.map((r) => r.outcome), ['applied', 'applied'])
    ;({ driver } = await startApp('[data-test="home"]'))
  })

  after(async () => {
    if (driver) await driver.quit().catch(() => {})
  })

  it('previews the round’s report: counts, the quoted progress under its category, problems by unit', async () => {
    await goTo(driver, 'reports', '[data-test="reports"]')
    await click(driver, '[data-test="ledger-select"]')
    await clickVisibleXPath(driver, `//li[contains(@class,'el-select-dropdown__item')][normalize-space(.)='${TITLE}']`)
    await waitFor(driver, async () => (await preview())?.includes(PROGRESS), '预览中没有单位报送的进展')
    const text = await preview()
    assert.equal(await textOf(driver, '[data-test="report-title"]'), `关于${TITLE}第1期工作进展情况的报告`)
    assert.match(text, /台账共有任务10项/)
    assert.ok(text.includes(`市政府金融办报送（序号4）：“${PROGRESS}”`), text)
    assert.ok(text.includes(`市商务局报送（序号5）：“${TRADE}”`), text)
    assert.ok(text.includes(`市政府金融办反映：“${PROBLEM}”（序号4）。`), text)
    assert.ok(text.includes(`市政府金融办：“${NEXT}”（序号4）。`), text)
    assert.match(text, /本期应报送单位\d+个，按时报送2个，迟报0个/)
    await screenshot(driver, 'reports-preview')
  })

  it('writes the .docx draft, which python-docx reads back with the same title and quotes', async () => {
    const file = join(work, '工作进展情况报告.docx')
    await typeInto('report-path', file)
    await click(driver, '[data-test="write-report"]')
    await waitFor(driver, async () => (await textOf(driver, '[data-test="report-written"]'))?.includes(file), '没有生成报告')
    const doc = readDocx(file)
    assert.equal(doc.paragraphs[0].text, `关于${TITLE}第1期工作进展情况的报告`)
    assert.equal(doc.paragraphs[0].runs[0].east_asia, '方正小标宋简体')
    assert.ok(doc.paragraphs.some((p) => p.text.includes(`“${PROGRESS}”`)))
    assert.equal(doc.sections[0].footer, '— 1 —')
  })

  it('ranks the units as the core scores them, and explains each unit’s points', async () => {
    await tab('考核')
    const board = await command('ledger_scores', { ledger_id: ledgerId, round_id: roundId, year: null })
    await waitFor(driver, async () => (await textOf(driver, '[data-test="score-row-市政府金融办"]')) !== null, '没有显示排名')
    const shown = await driver.executeScript(
      `return [...document.querySelectorAll('[data-test="score-table"] .el-table__body > tbody > tr')].filter((tr) => tr.querySelector('[data-test^="score-row-"]')).map((tr) => tr.querySelector('[data-test^="score-row-"]').textContent.trim())`,
    )
    assert.deepEqual(shown, board.units.map((u) => u.unit))
    for (const u of board.units) assert.equal(await textOf(driver, `[data-test="score-${u.unit}"]`), String(u.total), u.unit)
    const finance = board.units.find((u) => u.unit === '市政府金融办')
    assert.ok(finance.events.some((e) => e.kind === 'on_time' && e.points === 2), JSON.stringify(finance.events))
    // Click 市政府金融办's row: it opens to its events with points and reasons.
    await click(driver, '[data-test="score-row-市政府金融办"]')
    await waitFor(driver, async () => /按时报送/.test((await textOf(driver, '[data-test="events-市政府金融办"]')) ?? ''), '没有展开得分明细')
    const events = await textOf(driver, '[data-test="events-市政府金融办"]')
    assert.match(events, /按时报送\s*\+2/)
    await driver.executeScript(`document.querySelector('[data-test="events-市政府金融办"]').scrollIntoView({ block: 'center' })`)
    await screenshot(driver, 'reports-scores')
  })

  it('takes a rule change: 按时报送 3 points raises every on-time unit by one', async () => {
    const before = await command('ledger_scores', { ledger_id: ledgerId, round_id: roundId, year: null })
    await tab('计分规则')
    await typeInto('rule-on_time', '3')
    await (await find(driver, '[data-test="rule-on_time"] input')).sendKeys(Key.TAB)
    await click(driver, '[data-test="save-rules"]')
    const after = await waitFor(driver, async () => {
      const b = await command('ledger_scores', { ledger_id: ledgerId, round_id: roundId, year: null })
      return b.rules.on_time === 3 && b
    }, '规则没有保存')
    for (const unit of ['市政府金融办', '市商务局']) {
      const was = before.units.find((u) => u.unit === unit).total
      assert.equal(after.units.find((u) => u.unit === unit).total, was + 1, unit)
    }
    const history = await command('history')
    assert.match(history[0].summary, /修改考核计分规则：按时报送（每期）\+3分/)
    await screenshot(driver, 'reports-rules')
    await tab('考核')
    const finance = after.units.find((u) => u.unit === '市政府金融办')
    await waitFor(driver, async () => (await textOf(driver, '[data-test="score-市政府金融办"]')) === String(finance.total), '考核表没有按新规则刷新')
  })

  it('uses the clerk’s wording once saved', async () => {
    await tab('文字模板')
    await typeInto('wording-text-report.title', '{台账名称}{期次}进展情况（草稿）')
    await click(driver, '[data-test="wording-save-report.title"]')
    await waitFor(driver, async () => /已修改/.test((await textOf(driver, '[data-test="wording-report.title"]')) ?? ''), '没有保存文字')
    await screenshot(driver, 'reports-wording')
    await tab('工作进展情况报告')
    await waitFor(driver, async () => (await textOf(driver, '[data-test="report-title"]')) === `${TITLE}第1期进展情况（草稿）`, '预览标题没有按新文字生成')
  })

  it('writes the 通报, its ranking read back with python-docx', async () => {
    await tab('考核')
    const file = join(work, '考核通报.docx')
    await typeInto('notice-path', file)
    await click(driver, '[data-test="write-notice"]')
    await waitFor(driver, async () => (await textOf(driver, '[data-test="notice-written"]'))?.includes(file), '没有生成通报')
    const board = await command('ledger_scores', { ledger_id: ledgerId, round_id: roundId, year: null })
    const doc = readDocx(file)
    assert.deepEqual(doc.tables[0][0], ['排名', '单位', '得分', '主要得分项', '主要扣分项', '结果'])
    assert.deepEqual(doc.tables[0][1].slice(0, 3), ['1', board.units[0].unit, String(board.units[0].total)])
  })

  it('shows the trend over rounds on the home page', async () => {
    await goTo(driver, 'home', '[data-test="trend-card"]')
    await click(driver, '[data-test="trend-ledger"]')
    await clickVisibleXPath(driver, `//li[contains(@class,'el-select-dropdown__item')][normalize-space(.)='${TITLE}']`)
    const point = (await command('round_trend', { ledger_id: ledgerId }))[0]
    const bar = await find(driver, '[data-test="trend-第1期"]')
    await waitFor(driver, async () => (await bar.getAttribute('data-on-time')) === String(point.on_time), '趋势图与核心数字不一致')
    assert.equal(point.on_time, 2)
    assert.equal(await bar.getAttribute('data-completed'), String(point.completed))
    await driver.executeScript("document.querySelector('[data-test=\"trend-card\"]').scrollIntoView()")
    await screenshot(driver, 'home-trend')
    assert.deepEqual(await cspViolations(driver), [])
  })
})
