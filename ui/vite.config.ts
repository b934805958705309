import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// Built into ui/dist, which src-tauri embeds (tauri.conf.json has no devUrl). Everything is
// bundled: no CDN, no web fonts; the window's CSP allows only 'self'.
export default defineConfig({
  plugins: [vue()],
  base: './',
  clearScreen: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: ['es2021', 'safari15'],
    chunkSizeWarningLimit: 2000,
    // No inline data: URLs for scripts; small images/fonts may still inline (img-src/font-src allow data:).
    assetsInlineLimit: 4096,
  },
})
