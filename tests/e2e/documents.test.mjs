// A policy document with no table (聊城's 实施方案, .docx) imported through the same preview:
// 38 tasks, and the quantitative targets listed with the task they belong to.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'

import { click, find, goTo, screenshot, startApp, textOf, waitFor, waitText } from './helpers.mjs'

const DOCUMENT = '聊城-财政金融协同联动实施方案'

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
})
