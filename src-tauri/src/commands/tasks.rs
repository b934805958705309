//! Editing tasks by hand.

use taizhang::service::{self, TaskEdit};
use tauri::State;

use crate::state::{with_store, AppState};

/// The change-log source of edits made in the app.
const SOURCE: &str = "手工修改";

/// Sets a task's status or a fill-in cell; returns the change-log batch (none when nothing
/// changed).
#[tauri::command(rename_all = "snake_case")]
pub async fn edit_task(state: State<'_, AppState>, task_id: i64, edit: TaskEdit) -> Result<Option<i64>, String> {
    with_store(&state, move |store| service::edit_task(store, task_id, &edit, SOURCE)).await
}
