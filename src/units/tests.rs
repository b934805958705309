use std::collections::HashMap;

use super::*;

/// The 牵头单位 and 配合单位 cells of rows 4–17 of the 鄂尔多斯 template ledger, verbatim.
const ORDOS_LEDGER_CELLS: [(&str, &str); 14] = [
    ("人民银行鄂尔多斯市中心支行、市政府金融办", "市工信委、市科技局、市发展改革委、各金融机构"),
    (
        "鄂尔多斯银保监局、市政府金融办",
        "市委组织部、市科技局、市工信局、市财政局、市信政局、各旗区人民政府、各金融机构",
    ),
    (
        "市市场监管局、人民银行鄂尔多斯市中心支行",
        "市金融办、鄂尔多斯银保监局、市科技局、市财政局、各旗区人民政府、各金融机构",
    ),
    ("市国资委、市政府金融办", "市财政局、市委组织部、市科技局、市市场监管局、市工信局、各金融机构"),
    ("市政府金融办、鄂尔多斯银保监局", "鄂尔多斯高新区、蒙苏经济开发区、各金融机构、投资公司、融资担保公司"),
    ("鄂尔多斯银保监局、市政府金融办", "市委组织部、市科技局、市财政局"),
    ("市财政局、市转型发展投资公司", "市政府金融办、市委组织部、市科技局、市工信委、市国资委"),
    ("市政府金融办", "市财政局"),
    ("市政府金融办、市发改委", "市委组织部、市科技局、市财政局、人民银行鄂尔多斯市中心支行"),
    ("市委组织部、市政府金融办", "市人社局、人民银行鄂尔多斯市中心支行、鄂尔多斯银保监局"),
    ("市政府金融办、人民银行鄂尔多斯市中心支行", "市委组织部、市科技局、市经信局、市经济服务中心"),
    ("市政府金融办、市发改委", "市人社局、市工信局、市人民银行鄂尔多斯市中心支行、市融资担保公司"),
    ("市政府金融办", "市委组织部、市科技局、市市场监管局、人民银行鄂尔多斯市中心支行、鄂尔多斯银保监局"),
    ("市政府金融办", "市委组织部、市商务局、市科技局、市人民银行鄂尔多斯市中心支行、鄂尔多斯银保监局"),
];

fn starter_index() -> AliasIndex {
    AliasIndex::new(&starter_directory())
}

// ---- split_units ----

#[test]
fn splits_real_ordos_cells() {
    assert_eq!(split_units("人民银行鄂尔多斯市中心支行、市政府金融办"), ["人民银行鄂尔多斯市中心支行", "市政府金融办"]);
    assert_eq!(
        split_units("市工信委、市科技局、市发展改革委、各金融机构"),
        ["市工信委", "市科技局", "市发展改革委", "各金融机构"]
    );
    assert_eq!(split_units(ORDOS_LEDGER_CELLS[1].1).len(), 7);
}

#[test]
fn keeps_brackets_whole() {
    assert_eq!(split_units("各旗区人民政府（管委会）、市财政局"), ["各旗区人民政府（管委会）", "市财政局"]);
    assert_eq!(split_units("各旗区人民政府(管委会)，市财政局"), ["各旗区人民政府（管委会）", "市财政局"]);
    assert_eq!(split_units("各县〔市、区〕人民政府、市属开发区管委会"), ["各县（市、区）人民政府", "市属开发区管委会"]);
    assert_eq!(split_units("上市办（资本市场科） 金融服务科"), ["上市办（资本市场科）", "金融服务科"]);
    assert_eq!(split_units("市财政局 （牵头）、市发改委"), ["市财政局（牵头）", "市发改委"]);
}

#[test]
fn unbalanced_brackets_do_not_swallow_the_cell() {
    assert_eq!(split_units("市财政局（牵头、市发改委"), ["市财政局（牵头", "市发改委"]);
    assert_eq!(split_units("市财政局）、市发改委"), ["市财政局）", "市发改委"]);
}

#[test]
fn splits_on_every_separator() {
    assert_eq!(
        split_units("市财政局，市发改委,市科技局;市商务局；市农牧局/市能源局／市水利局"),
        ["市财政局", "市发改委", "市科技局", "市商务局", "市农牧局", "市能源局", "市水利局"]
    );
    assert_eq!(
        split_units("市财政局\u{3000}市发改委  市科技局\t市商务局"),
        ["市财政局", "市发改委", "市科技局", "市商务局"]
    );
    assert_eq!(split_units("市财政局\n市发改委\r\n\n市科技局\n"), ["市财政局", "市发改委", "市科技局"]);
}

#[test]
fn strips_labels() {
    assert_eq!(split_units("牵头单位：市财政局、市政府金融办"), ["市财政局", "市政府金融办"]);
    assert_eq!(split_units("责任单位:市财政局"), ["市财政局"]);
    assert_eq!(split_units("配合单位 ： 市财政局"), ["市财政局"]);
    assert_eq!(
        split_units("牵头单位：人民银行鄂尔多斯市中心支行、市政府金融办，配合单位：市工信局、市发改委"),
        ["人民银行鄂尔多斯市中心支行", "市政府金融办", "市工信局", "市发改委"]
    );
    assert_eq!(
        split_units(
            "（牵头单位：市发展和改革委员会、市人民政府金融工作办公室；\
             责任单位：市财政局，各旗区人民政府，各金融机构）"
        ),
        ["市发展和改革委员会", "市人民政府金融工作办公室", "市财政局", "各旗区人民政府", "各金融机构"]
    );
    assert!(split_units("牵头单位：").is_empty());
}

#[test]
fn drops_duplicates_and_empty_parts() {
    assert_eq!(split_units("市财政局、市财政局 、 市财政局。、、，市发改委、市发改委"), ["市财政局", "市发改委"]);
    assert_eq!(split_units("“市财政局”、市财政局"), ["市财政局"]);
    assert!(split_units("").is_empty());
    assert!(split_units(" \u{3000}\n").is_empty());
    assert!(split_units("、，；/").is_empty());
}

#[test]
fn strips_deng_only_at_the_end_of_the_list() {
    assert_eq!(split_units("市财政局等"), ["市财政局"]);
    assert_eq!(split_units("市财政局等。"), ["市财政局"]);
    assert_eq!(split_units("市发改委、市税务局等部门"), ["市发改委", "市税务局"]);
    assert_eq!(split_units("市财政局等、市发改委"), ["市财政局等", "市发改委"]);
    assert_eq!(split_units("市财政局、市财政局等"), ["市财政局"]);
    assert_eq!(split_units("市财政局、等"), ["市财政局"]);
}

#[test]
fn collective_units_are_names() {
    assert_eq!(split_units("各金融机构、各旗区人民政府"), ["各金融机构", "各旗区人民政府"]);
}

// ---- normalize_name ----

#[test]
fn normalizes_names() {
    assert_eq!(normalize_name("  市 财政局 。"), "市财政局");
    assert_eq!(normalize_name("市\u{3000}财政局"), "市财政局");
    assert_eq!(normalize_name("\u{FEFF}市财政局\u{200B}"), "市财政局");
    assert_eq!(normalize_name("各旗区人民政府(管委会)"), "各旗区人民政府（管委会）");
    assert_eq!(normalize_name("各县〔市、区〕人民政府"), "各县（市、区）人民政府");
    assert_eq!(normalize_name("ＡＴＭ机构１２３ａｂ"), "ATM机构123ab");
    assert_eq!(normalize_name("“市财政局”；"), "市财政局");
    assert_eq!(normalize_name("\"市财政局\"."), "市财政局");
    assert_eq!(normalize_name("「市财政局」，、"), "市财政局");
    assert_eq!(normalize_name("市财政局:"), "市财政局");
    // Quotes inside a name and unmatched quotes stay.
    assert_eq!(normalize_name("“人才贷”服务中心"), "“人才贷”服务中心");
    assert_eq!(normalize_name("市财政局”"), "市财政局”");
    assert_eq!(normalize_name(""), "");
    assert_eq!(normalize_name("。，"), "");
}

#[test]
fn normalize_is_idempotent() {
    let inputs = [
        "  市 财政局 。",
        "“ “市财政局” ”。",
        "\"‘市财政局’\"；",
        "各旗区人民政府 ( 管委会 ) ，",
        "ＡＢＣ　银行．",
        "（",
        "”“",
        "“。”",
        "\u{200B}\u{3000}",
        "市财政局等、",
    ];
    for input in inputs {
        let once = normalize_name(input);
        assert_eq!(normalize_name(&once), once, "input {input:?}");
    }
}

// ---- directory ----

#[test]
fn every_table_line_parses() {
    for (number, line) in STARTER_TABLE.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        for field in &fields {
            assert!(!field.is_empty(), "line {}: empty field", number + 1);
            assert_eq!(normalize_name(field), *field, "line {}: not normalised", number + 1);
        }
    }
    let directory = starter_directory();
    let data_lines = STARTER_TABLE.lines().filter(|line| !line.trim().is_empty() && !line.starts_with('#')).count();
    assert_eq!(directory.len(), data_lines);
}

#[test]
fn no_name_belongs_to_two_bodies() {
    let mut owner: HashMap<String, &str> = HashMap::new();
    for entry in &starter_directory() {
        for name in std::iter::once(&entry.canonical).chain(&entry.aliases) {
            let previous = owner.insert(normalize_name(name), &entry.canonical);
            assert!(previous.is_none(), "{name} listed under {previous:?} and {}", entry.canonical);
        }
    }
}

#[test]
fn parses_comments_blank_lines_and_odd_spacing() {
    let text = "# comment\n\n市财政局\t鄂尔多斯市财政局\r\n  # indented comment\n市 商务局 \t\t市商务局。\n";
    assert_eq!(
        parse_directory(text),
        [
            AliasEntry { canonical: "市财政局".into(), aliases: vec!["鄂尔多斯市财政局".into()] },
            AliasEntry { canonical: "市商务局".into(), aliases: vec!["市商务局".into()] },
        ]
    );
}

#[test]
fn resolves_required_equivalences() {
    let index = starter_index();
    let groups: [&[&str]; 12] = [
        &["市政府金融办", "市金融办", "市人民政府金融工作办公室", "市政府金融工作办公室"],
        &["鄂尔多斯银保监分局", "鄂尔多斯银保监局", "银保监分局", "银保监局"],
        &[
            "人民银行鄂尔多斯市中心支行",
            "市人民银行鄂尔多斯市中心支行",
            "人行鄂尔多斯市中心支行",
            "人民银行鄂尔多斯中心支行",
        ],
        &["市工业和信息化局", "市工信局", "市工信委", "市经信局", "市经信委"],
        &["市发展和改革委员会", "市发改委", "市发展改革委"],
        &["市科学技术局", "市科技局"],
        &["市市场监督管理局", "市市场监管局"],
        &["市人力资源和社会保障局", "市人社局", "市人力资源社会保障局"],
        &["市国有资产监督管理委员会", "市国资委"],
        &["市委组织部", "中共鄂尔多斯市委组织部"],
        &["市财政局", "鄂尔多斯市财政局"],
        &["市转型发展投资有限责任公司", "市转型发展投资公司", "市转型投资公司"],
    ];
    for group in groups {
        for name in group {
            assert_eq!(index.resolve(name), Some(group[0]), "{name}");
        }
    }
    assert_eq!(index.resolve(" 市 发改委。"), Some("市发展和改革委员会"));
    assert_eq!(index.resolve("市地方金融监督管理局"), None);
}

#[test]
fn resolves_every_ordos_ledger_name_but_the_doubtful_ones() {
    let index = starter_index();
    let mut unresolved = Vec::new();
    for (lead, co) in ORDOS_LEDGER_CELLS {
        for name in split_units(lead).into_iter().chain(split_units(co)) {
            if index.resolve(&name).is_none() && !unresolved.contains(&name) {
                unresolved.push(name);
            }
        }
    }
    assert_eq!(unresolved, ["市信政局", "投资公司", "融资担保公司"]);
}

#[test]
fn unknown_names_get_a_suggestion_but_no_resolution() {
    let index = starter_index();
    assert_eq!(index.resolve("市信政局"), None);
    assert_eq!(suggest("市信政局", index.names()).as_deref(), Some("市财政局"));
    assert_eq!(suggest("投资公司", index.names()).as_deref(), Some("市转型投资公司"));
    assert_eq!(suggest("融资担保公司", index.names()).as_deref(), Some("市融资担保公司"));
    assert_eq!(suggest("市人民银行鄂尔中心支行", index.names()).as_deref(), Some("市人民银行鄂尔多斯市中心支行"));
}

#[test]
fn index_later_entries_win_and_names_keep_order() {
    let entries = [
        AliasEntry { canonical: "市财政局".into(), aliases: vec!["财政局".into()] },
        AliasEntry { canonical: "鄂尔多斯市财政局".into(), aliases: vec!["财政局".into(), " ".into()] },
        AliasEntry { canonical: "".into(), aliases: vec!["孤儿".into()] },
    ];
    let index = AliasIndex::new(&entries);
    assert_eq!(index.resolve("财政局"), Some("鄂尔多斯市财政局"));
    assert_eq!(index.resolve("市财政局"), Some("市财政局"));
    assert_eq!(index.resolve("孤儿"), None);
    assert_eq!(index.resolve(""), None);
    assert_eq!(index.names().collect::<Vec<_>>(), ["市财政局", "财政局", "鄂尔多斯市财政局"]);
}

// ---- suggest ----

#[test]
fn suggests_the_nearest_known_name() {
    let known = ["市财政局", "市科学技术局", "市政府金融办"];
    assert_eq!(suggest("市信政局", known).as_deref(), Some("市财政局"));
    assert_eq!(suggest("市国金融办", ["市金融办"]).as_deref(), Some("市金融办"));
    assert_eq!(suggest("市交通局", ["市交通运输局", "市商务局"]).as_deref(), Some("市交通运输局"));
    assert_eq!(suggest(" 市财政局 ", known).as_deref(), Some("市财政局"));
}

#[test]
fn containment_counts() {
    assert_eq!(suggest("鄂尔多斯市农牧局", ["市农牧局", "市商务局"]).as_deref(), Some("市农牧局"));
    assert_eq!(suggest("财政局", ["市财政局"]).as_deref(), Some("市财政局"));
    // Too short, or too small a part of the other name, to count.
    assert_eq!(suggest("市委", ["市委组织部"]), None);
    assert_eq!(suggest("办公室", ["市人民政府金融工作办公室"]), None);
}

#[test]
fn fa_gai_ju_needs_the_aliases() {
    // 市发改局 is one character off 市发改委 but far from the full name.
    let canonical = ["市发展和改革委员会", "市财政局", "市科学技术局"];
    assert_eq!(suggest("市发改局", canonical), None);
    let index = starter_index();
    let suggestion = suggest("市发改局", index.names()).expect("a suggestion");
    assert_eq!(suggestion, "市发改委");
    assert_eq!(index.resolve(&suggestion), Some("市发展和改革委员会"));
}

#[test]
fn does_not_suggest_different_bodies() {
    assert_eq!(suggest("各金融机构", ["市财政局"]), None);
    assert_eq!(suggest("市税务局", ["市财政局"]), None);
    assert_eq!(suggest("市委宣传部", ["市委组织部"]), None);
    assert_eq!(suggest("金融稳定科", ["金融服务科"]), None);
    assert_eq!(suggest("", ["市财政局", ""]), None);
    assert_eq!(suggest("市财政局", []), None);
}

#[test]
fn ties_go_to_the_earlier_name() {
    assert_eq!(suggest("市信政局", ["市民政局", "市财政局"]).as_deref(), Some("市民政局"));
    assert_eq!(suggest("市信政局", ["市财政局", "市民政局"]).as_deref(), Some("市财政局"));
}

// ---- robustness ----

#[test]
fn never_panics_on_odd_input() {
    const ALPHABET: [char; 24] = [
        '市', '局', '（', '）', '(', ')', '〔', '〕', '、', '，', '；', '：', ':', '等', '“', '”', '"', ' ',
        '\u{3000}', '\n', '。', 'Ａ', '\u{200B}', '😀',
    ];
    let index = starter_index();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..3000 {
        let mut cell = String::new();
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let len = (state % 12) as usize;
        for k in 0..len {
            cell.push(ALPHABET[((state >> (k * 5)) % ALPHABET.len() as u64) as usize]);
        }
        let names = split_units(&cell);
        for name in &names {
            assert!(!name.is_empty(), "cell {cell:?}");
            assert_eq!(&normalize_name(name), name, "cell {cell:?}");
            let _ = index.resolve(name);
            let _ = suggest(name, index.names());
        }
        let unique: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!(unique.len(), names.len(), "cell {cell:?}");
        let once = normalize_name(&cell);
        assert_eq!(normalize_name(&once), once, "cell {cell:?}");
    }
}
