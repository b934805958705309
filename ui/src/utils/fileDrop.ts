// Files, folders or .zip archives dropped onto the window, for the page that is open (报送
// collects them, 导入 previews them). Tauri's own drag-drop event of the webview gives their
// paths; the listener lives as long as the page's component.

import { onBeforeUnmount, onMounted, ref } from 'vue'
import { getCurrentWebview } from '@tauri-apps/api/webview'

/** Calls `onDrop` with the paths of what is dropped; `hovering` is true while files are dragged over the window. */
export function useFileDrop(onDrop: (paths: string[]) => void) {
  const hovering = ref(false)
  let unlisten: (() => void) | null = null
  let unmounted = false
  onMounted(async () => {
    const off = await getCurrentWebview().onDragDropEvent((event) => {
      const drag = event.payload
      if (drag.type === 'enter' || drag.type === 'over') {
        hovering.value = true
      } else if (drag.type === 'leave') {
        hovering.value = false
      } else {
        hovering.value = false
        if (drag.paths.length) onDrop(drag.paths)
      }
    })
    if (unmounted) off()
    else unlisten = off
  })
  onBeforeUnmount(() => {
    unmounted = true
    unlisten?.()
  })
  return { hovering }
}
