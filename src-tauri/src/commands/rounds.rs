//! The 报送 (reporting round) commands: start a round, export the unit files, collect the
//! returns, see who has not reported (催报), export the consolidated ledger.
//!
//! Empty on purpose: the core's rounds service is being written. To wire a command, add it
//! here as `#[tauri::command(rename_all = "snake_case")] pub async fn …` using
//! `crate::state::with_store`, then list it in `lib.rs` (`generate_handler!`), in `build.rs`
//! (`COMMANDS`) and in `permissions/app.toml`, and give it a wrapper in `ui/src/api/index.ts`.
//! The UI page is `ui/src/views/RoundsView.vue`.
