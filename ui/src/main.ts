import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import 'element-plus/dist/index.css'
import * as Icons from '@element-plus/icons-vue'

import App from './App.vue'
import { router } from './router'
import './styles.css'

// Content-Security-Policy violations are collected so the end-to-end tests can assert none.
const cspViolations: string[] = []
;(window as unknown as { __cspViolations: string[] }).__cspViolations = cspViolations
document.addEventListener('securitypolicyviolation', (e) => {
  cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`)
})

const app = createApp(App)
for (const [name, component] of Object.entries(Icons)) {
  app.component(name, component)
}
app.use(ElementPlus, { locale: zhCn })
app.use(router)
app.mount('#app')
