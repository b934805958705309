import { createRouter, createWebHashHistory } from 'vue-router'

import HomeView from './views/HomeView.vue'
import ImportView from './views/ImportView.vue'
import LedgerView from './views/LedgerView.vue'
import HistoryView from './views/HistoryView.vue'
import RoundsView from './views/RoundsView.vue'
import BackupView from './views/BackupView.vue'
import IndicatorsView from './views/IndicatorsView.vue'
import UnitsView from './views/UnitsView.vue'
import ReportsView from './views/ReportsView.vue'

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'home', component: HomeView, meta: { title: '首页' } },
    { path: '/import', name: 'import', component: ImportView, meta: { title: '导入台账' } },
    { path: '/ledger/:id?', name: 'ledger', component: LedgerView, meta: { title: '台账' } },
    { path: '/indicators/:id?', name: 'indicators', component: IndicatorsView, meta: { title: '量化指标' } },
    { path: '/units', name: 'units', component: UnitsView, meta: { title: '单位' } },
    { path: '/rounds', name: 'rounds', component: RoundsView, meta: { title: '报送' } },
    { path: '/reports/:id?', name: 'reports', component: ReportsView, meta: { title: '报告与考核' } },
    { path: '/history', name: 'history', component: HistoryView, meta: { title: '修改记录' } },
    { path: '/backup', name: 'backup', component: BackupView, meta: { title: '备份与恢复' } },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
})
