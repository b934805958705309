//! Deterministic workload for the benchmarks: realistic task-ledger workbooks of any size.
//!
//! The ledgers look like `shared/templates/鄂尔多斯-金融支持人才和科技创新-重点任务台账.xlsx`:
//! the label "附件2" in A1, a title merged over A2:I2, the 9-column header in row 3 (print
//! title), then one task per row with 重点任务 merged vertically over groups of 3–8 tasks, long
//! 工作措施 texts, 1–2 lead and 2–6 co-operating units drawn from a pool that mixes canonical
//! names, alias spellings, a misspelling and bodies the starter directory does not know, and
//! free-text 完成时限. The progress columns (G–I) are empty, as in a freshly issued ledger.
//!
//! Everything is derived from a fixed seed, so the same size always gives the same workbook
//! byte for byte (apart from the workbook's creation time in its metadata).

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

/// One benchmark size: how many tasks, drawn from how many distinct unit names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// Short name ("S", "M", "L").
    pub name: &'static str,
    /// Task rows in the ledger.
    pub tasks: usize,
    /// Distinct unit names the tasks draw their lead and co-operating units from.
    pub units: usize,
}

/// The standard sizes: S = 200 × 40, M = 2,000 × 80, L = 20,000 × 200.
pub const SIZES: [Size; 3] = [
    Size { name: "S", tasks: 200, units: 40 },
    Size { name: "M", tasks: 2_000, units: 80 },
    Size { name: "L", tasks: 20_000, units: 200 },
];

/// The header of the generated ledgers, as in the 鄂尔多斯 template.
pub const HEADER: [&str; 9] =
    ["序号", "重点任务", "工作措施", "牵头单位", "配合单位", "完成时限", "进展情况", "存在问题", "下一步工作计划"];

/// The seed every generator starts from.
const SEED: u64 = 0x5EED_7A12_2023_0001;

/// A tiny xorshift64* generator: deterministic, dependency-free, good enough for test data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator started from `seed` (zero is replaced, as xorshift needs a non-zero state).
    pub fn new(seed: u64) -> Rng {
        Rng(if seed == 0 { SEED } else { seed })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `low..=high`.
    pub fn range(&mut self, low: usize, high: usize) -> usize {
        low + (self.next_u64() % (high - low + 1) as u64) as usize
    }

    /// One element of a non-empty slice.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.range(0, items.len() - 1)]
    }

    /// An index in `0..len` skewed towards the front (a few units lead most tasks, as in real
    /// ledgers where 市财政局 and the central bank branch appear everywhere).
    pub fn skewed(&mut self, len: usize) -> usize {
        let r = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        ((r * r * len as f64) as usize).min(len - 1)
    }
}

/// Unit names written by hand: canonical names, alias spellings of the same bodies (市发改委,
/// 市金融办, 市工信委, 人行…中心支行, …), bodies the starter directory does not know (banks,
/// 旗/区 governments) and one misspelling (市信政局). The first 40 already mix all of these, so
/// even the smallest size exercises alias resolution and unknown-unit reporting.
const NAMED_UNITS: &[&str] = &[
    "市财政局",
    "人民银行鄂尔多斯市中心支行",
    "市发展和改革委员会",
    "市政府金融办",
    "鄂尔多斯银保监分局",
    "市工业和信息化局",
    "市科学技术局",
    "市发改委",
    "市金融办",
    "市市场监督管理局",
    "市人力资源和社会保障局",
    "市国有资产监督管理委员会",
    "市工信委",
    "市商务局",
    "市农牧局",
    "市税务局",
    "人行鄂尔多斯市中心支行",
    "市委组织部",
    "市大数据中心",
    "市经信局",
    "市自然资源和规划局",
    "市融资担保公司",
    "鄂尔多斯银保监局",
    "中国工商银行鄂尔多斯分行",
    "中国农业银行鄂尔多斯分行",
    "中国银行鄂尔多斯分行",
    "中国建设银行鄂尔多斯分行",
    "内蒙古银行鄂尔多斯分行",
    "鄂尔多斯农村商业银行",
    "东胜区人民政府",
    "康巴什区人民政府",
    "达拉特旗人民政府",
    "准格尔旗人民政府",
    "伊金霍洛旗人民政府",
    "市发展改革委",
    "鄂尔多斯高新区",
    "各旗区人民政府",
    "各金融机构",
    "市信政局",
    "市乡村振兴局",
    "市能源局",
    "市生态环境局",
    "市水利局",
    "市民政局",
    "市文旅局",
    "市卫健委",
    "市教体局",
    "市住建局",
    "市交通运输局",
    "市医保局",
    "市行政审批局",
    "市委宣传部",
    "市政府办",
    "蒙苏经济开发区",
    "市转型投资公司",
    "市经济合作服务中心",
    "鄂托克旗人民政府",
    "鄂托克前旗人民政府",
    "杭锦旗人民政府",
    "乌审旗人民政府",
    "中国邮政储蓄银行鄂尔多斯分行",
    "交通银行鄂尔多斯分行",
    "中国人民财产保险股份有限公司鄂尔多斯分公司",
    "中国人寿保险股份有限公司鄂尔多斯分公司",
    "市人民银行鄂尔多斯市中心支行",
    "市人社局",
];

/// District prefixes for generated unit names once the hand-written list runs out.
const DISTRICTS: &[&str] = &[
    "东胜区",
    "康巴什区",
    "达拉特旗",
    "准格尔旗",
    "伊金霍洛旗",
    "鄂托克旗",
    "鄂托克前旗",
    "杭锦旗",
    "乌审旗",
    "空港物流园区",
    "鄂尔多斯高新区",
    "蒙苏经济开发区",
    "大路工业园区",
    "江苏工业园区",
];

/// Body types for generated unit names.
const BODIES: &[&str] = &[
    "财政局",
    "发展和改革委员会",
    "工业和信息化局",
    "科学技术局",
    "市场监督管理局",
    "人力资源和社会保障局",
    "农牧局",
    "金融服务中心",
    "商务局",
    "税务局",
    "融资担保有限公司",
    "城市投资发展集团有限公司",
];

/// `count` distinct unit names: the hand-written ones first, then district × body combinations.
///
/// # Panics
/// When `count` exceeds the names the tables can produce (several hundred).
pub fn unit_pool(count: usize) -> Vec<String> {
    let capacity = NAMED_UNITS.len() + DISTRICTS.len() * BODIES.len();
    assert!(count <= capacity, "at most {capacity} unit names can be generated");
    // Every district × body pair exactly once, rotating the body so that consecutive names
    // differ in both parts.
    let generated = (0..DISTRICTS.len() * BODIES.len()).map(|k| {
        let (round, district) = (k / DISTRICTS.len(), k % DISTRICTS.len());
        let body = BODIES[(round + district) % BODIES.len()];
        format!("{}{body}", DISTRICTS[district])
    });
    let mut pool: Vec<String> = NAMED_UNITS.iter().map(|s| s.to_string()).collect();
    for name in generated {
        if pool.len() >= count {
            break;
        }
        if !pool.contains(&name) {
            pool.push(name);
        }
    }
    pool.truncate(count);
    assert_eq!(pool.len(), count, "unit pool came out short");
    pool
}

/// Verbs that open a 重点任务 heading.
const CATEGORY_VERBS: &[&str] = &["强化", "深化", "完善", "加大", "提升", "优化", "拓宽", "健全"];

/// Objects of a 重点任务 heading.
const CATEGORY_OBJECTS: &[&str] = &[
    "科技型企业融资支持",
    "普惠金融服务体系",
    "绿色金融发展",
    "人才金融服务",
    "政银企对接机制",
    "社会信用体系建设",
    "直接融资渠道",
    "金融风险防控",
    "涉农金融服务",
    "政府性融资担保体系",
];

/// Subjects that start a measure clause.
const SUBJECTS: &[&str] = &[
    "推动辖内银行业机构",
    "引导各金融机构",
    "鼓励辖区法人银行",
    "支持政府性融资担保机构",
    "督促各保险机构",
    "组织全市金融机构",
    "推动地方法人金融机构",
    "协调驻市银行业金融机构",
];

/// Actions that follow a subject.
const ACTIONS: &[&str] = &[
    "加大对小微企业信贷支持力度",
    "扩大科技型中小企业信用贷款投放",
    "创新知识产权质押融资产品",
    "优化首贷续贷服务流程",
    "降低企业综合融资成本",
    "提高制造业中长期贷款占比",
    "开发“人才贷”“科创贷”等专属产品",
    "落实无还本续贷政策",
    "拓展应收账款融资服务",
    "推广“银税互动”信用贷款模式",
    "加强对民营企业的金融服务",
    "提升绿色信贷投放规模",
    "开展“金融服务进园区”活动",
    "简化审批手续、压缩办贷时限",
];

/// What "建立健全…机制" is about.
const MECHANISMS: &[&str] = &[
    "政银企常态化对接",
    "科技金融风险补偿",
    "信贷风险分担",
    "授信尽职免责",
    "首贷培植",
    "融资需求清单化管理",
    "金融辅导员",
    "涉企信用信息共享",
];

/// Clauses that stand on their own.
const CLAUSES: &[&str] = &[
    "依托地方征信平台开展线上融资对接",
    "用好再贷款、再贴现等货币政策工具",
    "充分发挥财政资金的引导和撬动作用",
    "完善金融机构考核激励办法",
    "强化部门间数据共享和工作协同",
    "对符合条件的企业按规定给予贴息支持",
    "定期通报各机构工作进展情况",
    "将相关工作纳入年度综合考核",
    "每季度召开一次政银企对接会",
    "落实好“两增两控”监管要求",
];

/// What "确保…取得实效" is about.
const OUTCOMES: &[&str] = &["各项政策措施", "金融支持科技创新工作", "惠企政策落地", "融资对接工作", "普惠金融服务"];

/// Free-text 完成时限 as ledgers write them.
const DEADLINES: &[&str] = &[
    "2023年6月底前",
    "长期坚持",
    "长期坚持。",
    "4月末前形成工作方案；9月末前完成",
    "每季度",
    "2023年底",
    "2023年12月",
    "持续推进",
    "2023年9月30日前",
    "每月10日前报送进展",
    "2024年6月底前",
    "立即启动，长期坚持",
    "2023年第三季度",
    "年底前",
    "6月底前出台实施细则，年底前全面落实",
];

/// A 重点任务 heading, e.g. "强化科技型企业融资支持".
fn category_text(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(CATEGORY_VERBS), rng.pick(CATEGORY_OBJECTS))
}

/// One clause of a measure.
fn clause(rng: &mut Rng) -> String {
    match rng.range(0, 5) {
        0 | 1 => format!("{}{}", rng.pick(SUBJECTS), rng.pick(ACTIONS)),
        2 => format!("建立健全{}机制", rng.pick(MECHANISMS)),
        3 => format!(
            "力争全年新增{}贷款{}亿元以上",
            rng.pick(&["科技型企业", "小微企业", "绿色", "涉农", "制造业中长期"]),
            rng.range(5, 120)
        ),
        _ => rng.pick(CLAUSES).to_string(),
    }
}

/// A 工作措施 text of 80–250 characters: clauses separated by "，" or "；", closed by
/// "确保…取得实效。".
pub fn measure_text(rng: &mut Rng) -> String {
    let target = rng.range(80, 250);
    let closing = format!("确保{}取得实效。", rng.pick(OUTCOMES));
    let closing_len = closing.chars().count();
    let mut text = format!("{}{}", rng.pick(SUBJECTS), rng.pick(ACTIONS));
    let mut len = text.chars().count();
    loop {
        let next = clause(rng);
        let next_len = next.chars().count();
        if len + 1 + next_len + 1 + closing_len > target {
            break;
        }
        if text.contains(&next) {
            continue;
        }
        text.push(if rng.range(0, 4) == 0 { '；' } else { '，' });
        text.push_str(&next);
        len += 1 + next_len;
    }
    // Short targets may leave room for nothing more; pad with stand-alone clauses up to 80.
    while len + 1 + closing_len < 80 {
        let next = rng.pick(CLAUSES);
        if text.contains(next) {
            continue;
        }
        text.push('，');
        text.push_str(next);
        len += 1 + next.chars().count();
    }
    text.push('，');
    text.push_str(&closing);
    text
}

/// `count` distinct names from the pool, skipping those in `taken`, joined with "、".
fn pick_units(rng: &mut Rng, pool: &[String], count: usize, taken: &mut Vec<usize>) -> String {
    let mut names = Vec::with_capacity(count);
    while names.len() < count {
        let i = rng.skewed(pool.len());
        if !taken.contains(&i) {
            taken.push(i);
            names.push(pool[i].as_str());
        }
    }
    names.join("、")
}

/// What [`write_ledger`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generated {
    /// Task rows.
    pub tasks: usize,
    /// 重点任务 groups (vertical merges over column B).
    pub groups: usize,
    /// Size of the .xlsx file in bytes.
    pub bytes: u64,
}

/// Writes a ledger with `tasks` task rows whose units come from a pool of `units` names.
pub fn write_ledger(path: &Path, tasks: usize, units: usize) -> Result<Generated, XlsxError> {
    let mut rng = Rng::new(SEED ^ ((tasks as u64) << 20) ^ (units as u64));
    let pool = unit_pool(units);
    let font = |f: Format| f.set_font_name("仿宋_GB2312").set_font_size(12);
    let label = font(Format::new().set_font_name("黑体"));
    let title = Format::new()
        .set_font_name("方正小标宋简体")
        .set_font_size(18)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let boxed = |f: Format| f.set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::VerticalCenter);
    let header = boxed(Format::new().set_font_name("黑体").set_font_size(12).set_align(FormatAlign::Center));
    let centered = boxed(font(Format::new()).set_align(FormatAlign::Center));
    let body = boxed(font(Format::new()).set_align(FormatAlign::Left));

    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("重点任务台账")?;
    sheet.write_string_with_format(0, 0, "附件2", &label)?;
    sheet.merge_range(1, 0, 1, 8, "2023年全市金融支持实体经济高质量发展重点任务台账", &title)?;
    sheet.set_row_height(1, 36)?;
    for (col, (text, width)) in HEADER.iter().zip([6, 16, 60, 18, 28, 16, 24, 16, 20]).enumerate() {
        sheet.write_string_with_format(2, col as u16, *text, &header)?;
        sheet.set_column_width(col as u16, width)?;
    }
    sheet.set_repeat_rows(2, 2)?;
    sheet.set_landscape();
    sheet.set_paper_size(9);

    const FIRST_ROW: u32 = 3;
    let mut groups = 0;
    let mut start = 0;
    while start < tasks {
        let len = rng.range(3, 8).min(tasks - start);
        let (first, last) = (FIRST_ROW + start as u32, FIRST_ROW + (start + len) as u32 - 1);
        let category = category_text(&mut rng);
        if len > 1 {
            sheet.merge_range(first, 1, last, 1, &category, &centered)?;
        } else {
            sheet.write_string_with_format(first, 1, &category, &centered)?;
        }
        groups += 1;
        start += len;
    }
    for i in 0..tasks {
        let row = FIRST_ROW + i as u32;
        let mut taken = Vec::new();
        let lead = rng.range(1, 2);
        let co = rng.range(2, 6);
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &centered)?;
        sheet.write_string_with_format(row, 2, measure_text(&mut rng), &body)?;
        sheet.write_string_with_format(row, 3, pick_units(&mut rng, &pool, lead, &mut taken), &body)?;
        sheet.write_string_with_format(row, 4, pick_units(&mut rng, &pool, co, &mut taken), &body)?;
        sheet.write_string_with_format(row, 5, rng.pick(DEADLINES), &centered)?;
        for col in 6..9 {
            sheet.write_blank(row, col, &body)?;
        }
    }
    workbook.save(path)?;
    let bytes = std::fs::metadata(path).map_err(XlsxError::IoError)?.len();
    Ok(Generated { tasks, groups, bytes })
}
