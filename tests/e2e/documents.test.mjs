// A policy document with no table (聊城's 实施方案, .docx) imported through the same preview:
// 38 tasks, and the quantitative targets listed with the task they belong to.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'

import { click, clickVisibleXPath, find, goTo, screenshot, startApp, textOf, waitFor, waitText } from './helpers.mjs'

const DOCUMENT = '聊城-财政金融协同联动实施方案'
const TITLE = '关于加强财政金融协同联动支持全市经济高质量发展的实施方案'

/** The rows of the indicator table as "task | target". */
async function indicatorRows(driver) {
  return driver.executeScript(
    `return [...document.querySelectorAll('[data-test="indicator-table"] .el-table__body tr')]
       .map((tr) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent.trim()).join(' | '))`,
  )
}

describe('导入政策文件', () => {
  let driver

  before(async () => {
    ;({ driver } = await startApp('[data-test="home"]'))
  })

  after(async () => {
    if (driver) await driver.quit().catch(() => {})
  })

  it('previews the 聊城 document: 38 tasks and its targets', async () => {
    await goTo(driver, 'import', '[data-test="import"]')
    await click(driver, `[data-test="sample-${DOCUMENT}"]`)
    await find(driver, '[data-test="preview"]')
    await waitText(driver, '[data-test="preview-task-count"]', '38')
    const rows = await waitFor(driver, async () => {
      const r = await indicatorRows(driver)
      return r.length > 0 && r
    }, '预览中没有量化指标')
    for (const expected of ['任务清单 序号1 | ≥ 80 %', '任务清单 序号1 | ≤ 1 %', '任务清单 序号1 | ≥ 50 亿元']) {
      assert.ok(rows.includes(expected), `${expected} in ${JSON.stringify(rows)}`)
    }
    assert.match(await textOf(driver, '[data-test="indicator-report"]'), /量化指标（\d+）/)
    await driver.executeScript(`document.querySelector('[data-test="indicator-report"]').scrollIntoView()`)
    await screenshot(driver, 'document-preview-indicators')
  })

  it('imports it as a normal ledger', async () => {
    await click(driver, '[data-test="do-import"]')
    await waitFor(driver, async () => /导入完成/.test(await textOf(driver, '[data-test="report"]')), '没有显示导入完成')
    const report = await textOf(driver, '[data-test="report"]')
    assert.match(report, /共 38 项任务/)
    assert.match(report, /找到 \d+ 项量化指标/)
    await screenshot(driver, 'document-import-report')
  })

  it('lists the targets on 量化指标 and takes a correction', async () => {
    await goTo(driver, 'indicators', '[data-test="indicators"]')
    await click(driver, '[data-test="indicators-ledger"]')
    await clickVisibleXPath(driver, `//li[contains(@class,'el-select-dropdown__item')][normalize-space(.)='${TITLE}']`)
    const rowTexts = () =>
      driver.executeScript(
        `return [...document.querySelectorAll('[data-test="indicators-table"] .el-table__body-wrapper tr')]
           .map((tr) => [...tr.querySelectorAll('td')].slice(0, 6).map((td) => td.textContent.trim()).join(' | '))`,
      )
    const rows = await waitFor(driver, async () => {
      const r = await rowTexts()
      return r.length >= 14 && r
    }, '量化指标页没有列出 14 项指标')
    assert.ok(rows.some((r) => /^任务清单 序号1 \| 平均担保费率降至1%以下 \| ≤ 1 % \| .*\| — \| 未报$/.test(r)), JSON.stringify(rows))
    assert.match(await textOf(driver, '[data-test="indicator-counts"]'), /未报 \d+/)

    // 更正 the first target (≥ 80 %) to 85
    await click(driver, '[data-test="indicator-edit"]')
    const input = await find(driver, '[data-test="indicator-target-input"] input')
    await input.clear()
    await input.sendKeys('85')
    await screenshot(driver, 'document-indicator-edit')
    await click(driver, '[data-test="indicator-save"]')
    await waitFor(driver, async () => (await rowTexts())[0]?.includes('≥ 85 %'), '更正后目标没有变为 ≥ 85 %')
    await screenshot(driver, 'document-indicators')
  })
})
