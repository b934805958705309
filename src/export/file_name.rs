//! File names that Windows (Explorer, Excel, WPS) accepts, made from unit names.

/// Longest stem, in characters: leaves room for a folder, a round label and ".xlsx" under
/// Windows' 260-character path limit.
pub const MAX_STEM_CHARS: usize = 100;

/// Longest stem, in UTF-8 bytes: Linux file systems (ext4 on 统信UOS and 麒麟 desktops, Wine's
/// drive Z:) allow 255 bytes per name, a Chinese character takes 3, and "（12）.xlsx" 13 more.
pub const MAX_STEM_BYTES: usize = 200;

/// The stem used when a name has nothing usable left.
const FALLBACK_STEM: &str = "未命名单位";

/// Device names Windows reserves, with or without an extension (Microsoft's "Naming Files, Paths,
/// and Namespaces" lists COM0, LPT0 and the superscript digits too; Windows 11 adds CONIN$ and
/// CONOUT$).
const RESERVED: [&str; 32] = [
    "CON", "PRN", "AUX", "NUL", "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹",
    "COM²", "COM³", "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²",
    "LPT³", "CONIN$", "CONOUT$",
];

/// A file name made safe for Windows from a unit name. Every character Windows forbids
/// (`/ \ : * ? " < > |` and control characters) becomes `_`; spaces and dots at both ends are
/// removed (so `..` cannot climb folders and no file is hidden); the result is cut to 100
/// characters and 200 bytes (66 Chinese characters), is never empty and never a reserved device
/// name (`CON`, `nul.txt`, `COM1` …: these get a `_` in front).
pub fn safe_file_stem(name: &str) -> String {
    let replaced: String =
        name.chars().map(|c| if c.is_control() || r#"/\:*?"<>|"#.contains(c) { '_' } else { c }).collect();
    let mut stem = trim(&cut(&trim(&replaced)));
    if stem.is_empty() {
        return FALLBACK_STEM.to_string();
    }
    if is_reserved(&stem) {
        stem = cut(&format!("_{stem}"));
    }
    stem
}

/// The longest start of `s` within [`MAX_STEM_CHARS`] and [`MAX_STEM_BYTES`].
fn cut(s: &str) -> String {
    let mut bytes = 0;
    s.chars()
        .take(MAX_STEM_CHARS)
        .take_while(|c| {
            bytes += c.len_utf8();
            bytes <= MAX_STEM_BYTES
        })
        .collect()
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
        assert_eq!(safe_file_stem("com²"), "_com²");
        assert_eq!(safe_file_stem("conout$.txt"), "_conout$.txt");
        assert_eq!(safe_file_stem("CONSOLE"), "CONSOLE");
        assert_eq!(safe_file_stem("市CON办"), "市CON办");
    }

    #[test]
    fn at_most_100_characters_and_200_bytes() {
        let long = "财".repeat(150);
        let stem = safe_file_stem(&long);
        assert_eq!((stem.chars().count(), stem.len()), (66, 198), "a Linux file name holds 255 bytes");
        assert_eq!(safe_file_stem(&"a".repeat(150)).len(), 100);
        let mixed = safe_file_stem(&format!("{}{}", "a".repeat(50), "财".repeat(100)));
        assert_eq!((mixed.chars().count(), mixed.len()), (100, 200));
        let dotted = format!("{}.{}", "a".repeat(99), "b".repeat(10));
        assert_eq!(safe_file_stem(&dotted), "a".repeat(99), "a cut that leaves a trailing dot is trimmed");
        assert_eq!(safe_file_stem(&format!("con.{}", "x".repeat(120))).chars().count(), 100);
    }
}
