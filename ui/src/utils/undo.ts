// 撤销 as every page offers it: name the operation, ask, undo it, say what was undone.

import { ElMessage, ElMessageBox } from 'element-plus'

import { api } from '../api'
import { showError } from './tasks'

/**
 * Asks before undoing the newest operation that has not been undone, then undoes exactly that
 * operation (by its batch id: if another one happened meanwhile, nothing is undone and the clerk
 * is told). Resolves true when the page should reload its data: something was undone, or the
 * undo was refused because the data changed meanwhile; errors are shown.
 */
export async function confirmAndUndo(): Promise<boolean> {
  let batchId: number
  try {
    const last = await api.lastUndoable()
    if (!last) {
      ElMessage.info('没有可以撤销的操作。')
      return false
    }
    await ElMessageBox.confirm(`撤销“${last.summary}”（${last.at}）？`, '撤销', {
      confirmButtonText: '撤销',
      cancelButtonText: '取消',
      type: 'warning',
    })
    batchId = last.batch_id
  } catch (e) {
    if (e !== 'cancel' && e !== 'close') showError(e)
    return false
  }
  try {
    const report = await api.undoConfirmed(batchId)
    ElMessage.success(`已撤销：${report.summary}`)
  } catch (e) {
    showError(e)
  }
  return true
}
