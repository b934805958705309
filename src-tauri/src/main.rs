//! Placeholder for the 台账通 desktop shell. The Tauri 2 window arrives with issue 4; until then
//! this binary only proves the workspace wiring (the shell depends on the core, never the reverse).

fn main() {
    println!("台账通 {}", taizhang::VERSION);
}
