//! Shared by the targets that read workbooks.

/// The importer contains panics raised inside calamine (`import::guard::contain_panics`) and
/// reports the file as damaged, so those are not findings; every other panic aborts as
/// libFuzzer's own hook does, and is one.
pub fn tolerate_contained_calamine_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let libfuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !info.location().is_some_and(|l| l.file().contains("/calamine-")) {
                libfuzzer_hook(info);
            }
        }));
    });
}
