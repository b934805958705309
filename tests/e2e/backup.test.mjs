// 备份与恢复, end to end, after app.test.mjs left ledgers in the data folder: the daily backup
// made at startup, a manual backup, then a damaged database at the next start: the app refuses
// it, offers the newest good backup, restores it, and every ledger is back.

import assert from 'node:assert/strict'
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'

import { By } from 'selenium-webdriver'

import { click, find, goTo, screenshot, startApp, textOf, waitFor } from './helpers.mjs'

const DATA_DIR = process.env.TAIZHANG_DATA_DIR
assert.ok(DATA_DIR, 'scripts/e2e.sh gives each run a fresh TAIZHANG_DATA_DIR')
const DB = join(DATA_DIR, 'taizhang.db')

/** The 类型 column of every row of the backup table. */
async function backupKinds(driver) {
  return driver.executeScript(
    `return [...document.querySelectorAll('[data-test="backup-table"] .el-table__body tr')]
       .map((tr) => tr.querySelectorAll('td')[1]?.textContent.trim())`,
  )
}

/** The titles on the home page's ledger table. */
async function ledgerTitles(driver) {
  await find(driver, '[data-test="ledger-table"] [data-test="ledger-title"]')
  return driver.executeScript(
    `return [...document.querySelectorAll('[data-test="ledger-title"]')].map((e) => e.textContent.trim())`,
  )
}

describe('备份与恢复', () => {
  let driver
  let titles

  after(async () => {
    if (driver) await driver.quit().catch(() => {})
  })

  it('lists the daily backup and makes a manual one', async () => {
    ;({ driver } = await startApp('[data-test="ledger-table"]'))
    titles = await ledgerTitles(driver)
    assert.ok(titles.length >= 2, `ledgers left by app.test.mjs: ${titles}`)
    await goTo(driver, 'backup', '[data-test="backup-page"]')
    const before = await waitFor(driver, async () => {
      const kinds = await backupKinds(driver)
      return kinds.length > 0 && kinds
    }, '备份列表是空的')
    assert.ok(before.some((k) => /每日/.test(k)), `a daily backup is made when the app opens: ${before}`)
    await click(driver, '[data-test="backup-now"]')
    const afterKinds = await waitFor(driver, async () => {
      const kinds = await backupKinds(driver)
      return kinds.length === before.length + 1 && kinds
    }, '立即备份后列表没有多一行')
    assert.match(afterKinds[0], /手动/, 'the newest backup is listed first')
    await screenshot(driver, 'backup-list')
  })

  it('offers the newest good backup when the database is damaged, and restores it', async () => {
    await driver.quit()
    driver = null
    // What a failing disk or a half-copied file leaves behind.
    writeFileSync(DB, Buffer.alloc(64 * 1024, 0x5a))
    for (const suffix of ['-wal', '-shm']) if (existsSync(DB + suffix)) rmSync(DB + suffix)

    ;({ driver } = await startApp('.el-message-box'))
    const message = await textOf(driver, '.el-message-box__message')
    assert.match(message, /已损坏/)
    assert.match(message, /taizhang\.db/)
    assert.match(message, /最近一次完好的备份/)
    assert.match(await textOf(driver, '.el-message-box__btns .el-button--primary'), /恢复 .*的备份/)
    await screenshot(driver, 'backup-damaged-offer')

    await click(driver, '.el-message-box__btns .el-button--primary')
    const restored = await waitFor(driver, async () => {
      const shown = await driver.findElements(By.css('[data-test="ledger-title"]'))
      return shown.length === titles.length && ledgerTitles(driver)
    }, '恢复后首页没有列出原来的台账')
    assert.deepEqual(restored, titles)
    assert.equal(await textOf(driver, '.open-error'), null, 'no startup error banner after the restore')
    await screenshot(driver, 'backup-restored')

    await goTo(driver, 'backup', '[data-test="backup-page"]')
    const kinds = await waitFor(driver, async () => {
      const k = await backupKinds(driver)
      return k.length > 0 && k
    }, '备份列表是空的')
    assert.ok(kinds.some((k) => /损坏/.test(k)), `the damaged file is kept among the backups: ${kinds}`)
  })
})
