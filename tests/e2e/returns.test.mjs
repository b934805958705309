// Returns as departments really send them, dropped onto the window: a ledger dropped on 导入 is
// previewed; on 报送 a pasted-rows file that no identity, 填报单位 line, file name or content can
// attribute waits with a unit picker (best guesses first) and is collected once the clerk picks;
// a dropped folder holding a Word answer is collected for the unit its 填报单位 line names.
//
// The drop goes through Tauri's own drag-drop events (see dropFiles in helpers.mjs): what is not
// covered is the operating system's drag and WebKitGTK handing it to Tauri.

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'

import { click, clickVisibleXPath, css, cspViolations, dragOver, dropFiles, find, goTo, ROOT, screenshot, startApp, textOf, waitFor } from './helpers.mjs'

const LEDGER = join(ROOT, 'assets', 'templates', '鄂尔多斯-金融支持人才和科技创新-重点任务台账.xlsx')
const ROUND = '拖放收取'
const PROGRESS = '拖放收取：“人才贷”已投放 2 亿元。'
const WORD_PROGRESS = '首贷培育：已建立科创企业白名单。'

/** Runs tests/support/make_return.py (openpyxl, python-docx) with a JSON spec; `extra` comes before OUT. */
function makeReturn(command, out, spec, extra = []) {
  const specFile = `${out}.spec.json`
  writeFileSync(specFile, JSON.stringify(spec))
  execFileSync('python3', [join(ROOT, 'tests', 'support', 'make_return.py'), command, ...extra, out, specFile])
  execFileSync('rm', [specFile])
}

/** The 序号 and measure of a row of the 鄂尔多斯 template, read with openpyxl. */
function templateRow(seq) {
  const script = `import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])['重点任务台账']
row = next(r for r in range(4, ws.max_row + 1) if str(ws.cell(r, 1).value) == sys.argv[2])
print(json.dumps([str(ws.cell(row, 1).value), ws.cell(row, 3).value]))`
  return JSON.parse(execFileSync('python3', ['-c', script, LEDGER, seq], { encoding: 'utf8' }))
}

describe('returns dropped onto the window', () => {
  let driver
  const work = mkdtempSync(join(tmpdir(), 'taizhang-e2e-returns-'))

  async function typeInto(name, ...keys) {
    const el = await find(driver, `[data-test="${name}"]`)
    const tag = await el.getTagName()
    const input = tag === 'input' || tag === 'textarea' ? el : await el.findElement(css('input, textarea'))
    await input.sendKeys(...keys)
  }

  /** The report of a file on 报送, by file name (null while there is none). */
  const reportOf = (file) =>
    driver.executeScript(
      `const r = [...document.querySelectorAll('[data-test="collect-report"]')].find((e) => e.dataset.file === arguments[0]);
       return r ? { outcome: r.dataset.outcome, text: r.textContent } : null`,
      file,
    )

  before(async () => {
    driver = (await startApp()).driver
  })

  after(async () => {
    if (driver) await driver.quit().catch(() => {})
  })

  it('previews a ledger dropped on 导入, then imports it', async () => {
    await goTo(driver, 'import', '[data-test="import"]')
    assert.deepEqual(await dropFiles(driver, [LEDGER]), ['ok', 'ok'])
    await find(driver, '[data-test="preview"]')
    await waitFor(driver, async () => /重点任务台账/.test(await textOf(driver, '[data-test="preview"]')), '预览中没有工作表“重点任务台账”')
    assert.match(await textOf(driver, '[data-test="preview"]'), /14/)
    await screenshot(driver, 'returns-import-dropped')
    await click(driver, '[data-test="do-import"]')
    await waitFor(driver, async () => /导入完成|之前已导入/.test(await textOf(driver, '[data-test="report"]')), '没有导入')
  })

  it(`starts the round “${ROUND}” on 鄂尔多斯`, async () => {
    await goTo(driver, 'rounds', '[data-test="rounds"]')
    await click(driver, '[data-test="ledger-select"]')
    await clickVisibleXPath(driver, "//li[contains(@class,'el-select-dropdown__item')][contains(., '人才和科技创新')]")
    await typeInto('round-label', ROUND)
    await typeInto('round-due', '2030-12-31', '\uE007')
    await click(driver, '[data-test="new-round"]')
    await find(driver, `[data-test="round-${ROUND}"]`)
    await find(driver, '[data-test="collect-card"]')
  })

  it('keeps a dropped file nobody can attribute, with the unit picker, and collects it once the clerk picks', async () => {
    // Rows pasted into a new workbook: task 1, which two lead units and four co-operating units share.
    const [seq, measure] = templateRow('1')
    const file = join(work, '第3期进展情况.xlsx')
    const rows = [[1, 1, '序号'], [1, 2, '工作措施'], [1, 3, '进展情况'], [2, 1, seq], [2, 2, measure], [2, 3, PROGRESS]]
    makeReturn('workbook', file, { sheets: [{ name: 'Sheet1', rows }] })
    await dragOver(driver, [file])
    await waitFor(driver, async () => (await textOf(driver, '[data-test="drop-overlay"]')) === `松开鼠标，收取到“${ROUND}”`, '拖入时没有提示')
    await screenshot(driver, 'returns-drag-over')
    await dropFiles(driver, [file])
    await waitFor(driver, async () => (await textOf(driver, '[data-test="drop-overlay"]')) === null, '放下后提示没有消失')
    await waitFor(driver, async () => (await reportOf('第3期进展情况.xlsx'))?.outcome === 'needs_unit', '文件没有显示为待指定单位')
    assert.match((await reportOf('第3期进展情况.xlsx')).text, /无法判断是哪个单位的报送/)
    await click(driver, '[data-test="unit-picker"]')
    // The best guesses come first, each with why.
    const options = await driver.executeScript(
      `return [...document.querySelectorAll('.el-select-dropdown__item')].filter((e) => e.offsetParent).map((e) => e.textContent.trim())`,
    )
    assert.ok(options.length > 6, `单位名录没有列出：${options}`)
    const guesses = options.slice(0, 6)
    for (const unit of ['市政府金融办', '人民银行鄂尔多斯市中心支行']) {
      assert.ok(guesses.some((o) => o.startsWith(unit) && o.includes('文件中填写的 1 项任务由该单位负责')), `${unit} 不在最可能的单位中：${guesses}`)
    }
    await screenshot(driver, 'returns-unit-picker')
    await clickVisibleXPath(driver, "//li[contains(@class,'el-select-dropdown__item')][starts-with(normalize-space(.), '市政府金融办')]")
    await waitFor(driver, async () => (await reportOf('第3期进展情况.xlsx'))?.outcome === 'applied', '选择单位后没有收取')
    const text = (await reportOf('第3期进展情况.xlsx')).text
    assert.match(text, /市政府金融办，依据手工指定/)
    assert.match(text, /收取 1 项填报内容/)
    await waitFor(driver, async () => (await textOf(driver, '[data-test="state-市政府金融办"]')) === '已报送', '市政府金融办没有显示为已报送')
    await screenshot(driver, 'returns-picked-and-collected')
  })

  it('takes a whole ledger sent back with two rows filled, shows the edited measure, and gives the unit the task it was not assigned', async () => {
    const [seq6, measure6] = templateRow('6')
    const [seq8] = templateRow('8')
    const shortened = [...measure6].slice(0, Math.floor([...measure6].length * 0.6)).join('')
    const file = join(work, '鄂尔多斯-重点任务台账-市科技局.xlsx')
    makeReturn('template', file, {
      fill: [['重点任务台账', seq6, '进展情况', '科技局：已向金融机构推送科创企业 120 家。'], ['重点任务台账', seq8, '进展情况', '科技局代报：人才基金已设立。']],
      measure: [['重点任务台账', seq6, shortened]],
    }, [LEDGER])
    await dropFiles(driver, [file])
    const name = '鄂尔多斯-重点任务台账-市科技局.xlsx'
    await waitFor(driver, async () => (await reportOf(name))?.outcome === 'applied', '整张台账没有收取')
    const text = (await reportOf(name)).text
    assert.match(text, /市科学技术局，依据文件名/)
    assert.match(text, /收取 2 项填报内容/)
    assert.match(text, /其余 \d+ 行未填写，未作处理/)
    assert.match(text, /市科学技术局 报送了未分配给它的 1 项任务/)
    const score = await textOf(driver, '[data-test="text-matches"] .el-table__body tr td:last-child')
    assert.match(score, /^\d+%$/)
    assert.ok(Number(score.slice(0, -1)) >= 60 && Number(score.slice(0, -1)) < 100, score)
    await driver.executeScript("document.querySelector('[data-test=\"adopt-unassigned\"]').scrollIntoView({ block: 'center' })")
    await screenshot(driver, 'returns-whole-ledger')
    await click(driver, '[data-test="adopt-unassigned"]')
    await waitFor(driver, async () => /已把市科学技术局加为 1 项任务的责任单位/.test(await textOf(driver, '.el-message--success')), '没有提示已添加')
    await waitFor(driver, async () => (await driver.findElements(css('[data-test="adopt-unassigned"]'))).length === 0, '添加后按钮没有消失')
  })

  it('collects a dropped folder holding a Word answer for the unit on its 填报单位 line', async () => {
    const [seq, measure] = templateRow('2')
    const folder = join(work, '邮件附件')
    mkdirSync(folder, { recursive: true })
    makeReturn('docx', join(folder, '进展报送.docx'), {
      blocks: [
        { p: '填报单位（盖章）：鄂尔多斯银保监局　　　填报日期：2024年3月5日' },
        { table: [['序号', '工作措施', '进展情况'], [seq, measure, WORD_PROGRESS]] },
        { p: '填表人：李四　　联系电话：0477-1234567' },
      ],
    })
    await dropFiles(driver, [folder])
    await waitFor(driver, async () => (await reportOf('进展报送.docx'))?.outcome === 'applied', 'Word 报送没有收取')
    assert.match((await reportOf('进展报送.docx')).text, /鄂尔多斯银保监分局，依据“填报单位”一行/)
    await waitFor(driver, async () => (await textOf(driver, '[data-test="state-鄂尔多斯银保监分局"]')) === '已报送', '银保监分局没有显示为已报送')
    await screenshot(driver, 'returns-folder-collected')
    assert.deepEqual(await cspViolations(driver), [])
  })
})
