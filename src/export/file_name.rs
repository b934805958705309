//! File names that Windows (Explorer, Excel, WPS) accepts, made from unit names.

/// Longest stem, in characters (not bytes): leaves room for a folder, a round label and ".xlsx"
/// under Windows' 260-character path limit.
pub const MAX_STEM_CHARS: usize = 100;

/// The stem used when a name has nothing usable left.
const FALLBACK_STEM: &str = "未命名单位";

/// Device names Windows reserves, with or without an extension.
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2",
    "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A file name made safe for Windows from a unit name. Every character Windows forbids
/// (`/ \ : * ? " < > |` and control characters) becomes `_`; spaces and dots at both ends are
/// removed (so `..` cannot climb folders and no file is hidden); the result is cut to 100
/// characters, is never empty and never a reserved device name (`CON`, `nul.txt`, `COM1` …: these
/// get a `_` in front).
pub fn safe_file_stem(name: &str) -> String {
    let replaced: String =
        name.chars().map(|c| if c.is_control() || r#"/\:*?"<>|"#.contains(c) { '_' } else { c }).collect();
    let mut stem = trim(&replaced);
    if stem.chars().count() > MAX_STEM_CHARS {
        stem = trim(&stem.chars().take(MAX_STEM_CHARS).collect::<String>());
    }
    if stem.is_empty() {
        return FALLBACK_STEM.to_string();
    }
    if is_reserved(&stem) {
        stem.insert(0, '_');
        if stem.chars().count() > MAX_STEM_CHARS {
            stem = stem.chars().take(MAX_STEM_CHARS).collect();
        }
    }
    stem
}

/// Removes white space and dots at both ends (a leading dot hides a file on macOS and Linux).
fn trim(s: &str) -> String {
    s.trim_matches(|c: char| c.is_whitespace() || c == '.').to_string()
}

/// Whether Windows treats the name as a device, ignoring case and any extension ("con.txt").
fn is_reserved(stem: &str) -> bool {
    let base = stem.split('.').next().unwrap_or(stem).trim_end();
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(base))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_become_underscores() {
        assert_eq!(safe_file_stem(r#"市发改委/市工信局\财政:局*?"<>|"#), "市发改委_市工信局_财政_局______");
        assert_eq!(safe_file_stem("金融办\t科室\n二"), "金融办_科室_二");
        assert_eq!(safe_file_stem("人民银行鄂尔多斯市中心支行"), "人民银行鄂尔多斯市中心支行");
    }

    #[test]
    fn trailing_dots_and_spaces_go() {
        assert_eq!(safe_file_stem("  市财政局. . "), "市财政局");
        assert_eq!(safe_file_stem("市财政局。"), "市财政局。");
    }

    #[test]
    fn never_empty_nor_traversal() {
        assert_eq!(safe_file_stem(""), FALLBACK_STEM);
        assert_eq!(safe_file_stem("   "), FALLBACK_STEM);
        assert_eq!(safe_file_stem(".."), FALLBACK_STEM);
        assert_eq!(safe_file_stem("."), FALLBACK_STEM);
        assert_eq!(safe_file_stem("../.."), "_");
        assert_eq!(safe_file_stem("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_file_stem(".hidden"), "hidden");
        for s in ["..", "../x", r"..\x", "a/../b"] {
            let stem = safe_file_stem(s);
            assert!(!stem.contains('/') && !stem.contains('\\') && stem != ".." && stem != ".", "{s} → {stem}");
        }
    }

    #[test]
    fn reserved_device_names_are_prefixed() {
        assert_eq!(safe_file_stem("CON"), "_CON");
        assert_eq!(safe_file_stem("con"), "_con");
        assert_eq!(safe_file_stem("Nul.txt"), "_Nul.txt");
        assert_eq!(safe_file_stem("com1"), "_com1");
        assert_eq!(safe_file_stem("LPT9.xlsx"), "_LPT9.xlsx");
        assert_eq!(safe_file_stem("aux "), "_aux");
        assert_eq!(safe_file_stem("COM10"), "COM10");
        assert_eq!(safe_file_stem("CONSOLE"), "CONSOLE");
        assert_eq!(safe_file_stem("市CON办"), "市CON办");
    }

    #[test]
    fn at_most_100_characters() {
        let long = "财".repeat(150);
        let stem = safe_file_stem(&long);
        assert_eq!(stem.chars().count(), 100);
        assert!(stem.len() > 100, "counted in characters, not bytes");
        let dotted = format!("{}.{}", "a".repeat(99), "b".repeat(10));
        assert_eq!(safe_file_stem(&dotted), "a".repeat(99), "a cut that leaves a trailing dot is trimmed");
        assert_eq!(safe_file_stem(&format!("con.{}", "x".repeat(120))).chars().count(), 100);
    }
}
