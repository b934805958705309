//! Finding the numbered measures of a plan's text, the headings above them and the units in
//! their "（牵头单位：…；责任单位：…）" parentheses.

/// One task found in the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanTask {
    /// "1", "2", … in document order; "3-1", "3-2" for a measure with several parentheses.
    pub seq: String,
    /// The headings above the measure, outermost first, joined with " / ".
    pub category: String,
    /// The measure's text (for a split measure, the span since the previous parenthesis).
    pub measure: String,
    /// 牵头单位 as written.
    pub lead: String,
    /// 责任单位 as written.
    pub co: String,
    /// The time phrases of the measure ("2024年；三年内"), joined with "；".
    pub deadline: String,
}

/// A plan's title, the year of its 落款 date and its tasks.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The plan's own title (not the notice's), with a year range line appended when one follows.
    pub title: Option<String>,
    /// The year of the first date line (落款), e.g. 2022 for "2022年8月9日".
    pub signed_year: Option<i32>,
    /// The tasks, in document order.
    pub tasks: Vec<PlanTask>,
    /// The paragraphs of a 工作目标 / 总体目标 section (a heading naming 目标) that are not tasks:
    /// the plan's own targets.
    pub targets: Vec<String>,
    /// Every other paragraph that is not a task (notice wrapper, preamble, headings, 保障机制).
    pub other: Vec<String>,
}

const NUMERALS: &str = "一二三四五六七八九十百零〇两";
/// Endings of a plan's title.
const TITLE_ENDINGS: &[&str] =
    &["方案", "意见", "办法", "计划", "措施", "细则", "要点", "清单", "规划", "台账", "举措", "任务"];
/// Time phrases without a year, looked for in a measure's text.
const TIME_WORDS: &[&str] = &["三年内", "两年内", "年底前", "年底", "全年", "每年", "长期坚持", "持续推进"];

/// A numbered paragraph's level (1 = 一、, 2 = （一）, 3 = 1. / 1、 / 第N条, 4 = （1）) and
/// the byte length of its marker.
pub fn numbering(p: &str) -> Option<(u8, usize)> {
    let chars: Vec<(usize, char)> = p.char_indices().collect();
    let end_at = |i: usize| chars.get(i).map_or(p.len(), |&(b, _)| b);
    let run = |from: usize, pred: &dyn Fn(char) -> bool| {
        let mut i = from;
        while chars.get(i).is_some_and(|&(_, c)| pred(c)) {
            i += 1;
        }
        i
    };
    let numeral = |c: char| NUMERALS.contains(c);
    let digit = |c: char| c.is_ascii_digit();
    let first = chars.first()?.1;
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    if numeral(first) {
        let i = run(0, &numeral);
        return (at(i) == Some('、')).then(|| (1, end_at(i + 1)));
    }
    if first == '（' || first == '(' {
        let (i, level) = match at(1) {
            Some(c) if numeral(c) => (run(1, &numeral), 2),
            Some(c) if digit(c) => (run(1, &digit), 4),
            _ => return None,
        };
        return matches!(at(i), Some('）' | ')')).then(|| (level, end_at(i + 1)));
    }
    if digit(first) {
        let i = run(0, &digit);
        let ok = i <= 3 && matches!(at(i), Some('.' | '．' | '、')) && !at(i + 1).is_some_and(digit);
        return ok.then(|| (3, end_at(i + 1)));
    }
    if first == '第' {
        let i = run(1, &|c| numeral(c) || digit(c));
        return (i > 1 && at(i) == Some('条')).then(|| (3, end_at(i + 1)));
    }
    None
}

/// Removes white space except between two ASCII letters or digits ("150 亿元" → "150亿元").
pub fn tidy(text: &str) -> String {
    let chars: Vec<char> = text.chars().map(|c| if c == '\u{a0}' { ' ' } else { c }).collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() || matches!(chars[i], '\u{200b}' | '\u{feff}') {
            let start = i;
            while i < chars.len() && (chars[i].is_whitespace() || matches!(chars[i], '\u{200b}' | '\u{feff}')) {
                i += 1;
            }
            let before = start.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i).copied();
            if before.is_some_and(|c| c.is_ascii_alphanumeric()) && after.is_some_and(|c| c.is_ascii_alphanumeric()) {
                out.push(' ');
            }
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// A date line such as "2022年8月9日" (the 落款 date): its year.
fn date_line_year(p: &str) -> Option<i32> {
    let (year, rest) = p.split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let day = rest.strip_suffix('日')?;
    let ok = |s: &str, n: usize| !s.is_empty() && s.len() <= n && s.chars().all(|c| c.is_ascii_digit());
    (ok(year, 4) && year.len() == 4 && ok(month, 2) && ok(day, 2)).then(|| year.parse().ok()).flatten()
}

/// A units parenthesis: its byte span in the text, and the lead and co units as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitsParen {
    /// Byte offset of the opening bracket.
    pub start: usize,
    /// Byte offset just after the closing bracket.
    pub end: usize,
    /// 牵头单位 (or 责任单位 when there is no 牵头单位).
    pub lead: String,
    /// 责任单位 / 配合单位.
    pub co: String,
}

/// Every "（牵头单位：…；责任单位：…）" parenthesis of the text.
pub fn units_parens(text: &str) -> Vec<UnitsParen> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(offset) = text[from..].find(['（', '(']) {
        let start = from + offset;
        let open_len = text[start..].chars().next().map_or(1, char::len_utf8);
        let Some(close) = matching_close(text, start + open_len) else {
            from = start + open_len;
            continue;
        };
        let inner = &text[start + open_len..close];
        let close_len = text[close..].chars().next().map_or(1, char::len_utf8);
        match units_of(inner) {
            Some((lead, co)) => {
                out.push(UnitsParen { start, end: close + close_len, lead, co });
                from = close + close_len;
            }
            None => from = start + open_len,
        }
    }
    out
}

fn matching_close(text: &str, from: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text[from..].char_indices() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' if depth == 0 => return Some(from + i),
            '）' | ')' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The lead and co units of a parenthesis' inside, if it names units.
fn units_of(inner: &str) -> Option<(String, String)> {
    let inner = tidy(inner);
    let labelled = |s: &str| ["牵头单位", "牵头部门", "责任单位", "责任部门"].iter().any(|l| s.starts_with(l));
    if !labelled(&inner) {
        return None;
    }
    let mut lead = Vec::new();
    let mut co = Vec::new();
    let mut unlabelled_lead = Vec::new();
    for part in split_outside_brackets(&inner, &['；', ';']) {
        let Some((label, names)) = part.split_once(['：', ':']) else { continue };
        let names = names.trim().trim_end_matches(['。', '；', ';']).to_string();
        if names.is_empty() {
            continue;
        }
        if label.contains("牵头") {
            lead.push(names);
        } else if label.contains("责任") {
            unlabelled_lead.push(names);
        } else if ["配合", "协办", "参与", "协同"].iter().any(|w| label.contains(w)) {
            co.push(names);
        }
    }
    if lead.is_empty() {
        lead = unlabelled_lead;
    } else {
        unlabelled_lead.append(&mut co);
        co = unlabelled_lead;
    }
    (!lead.is_empty()).then(|| (lead.join("、"), co.join("、")))
}

fn split_outside_brackets<'a>(text: &'a str, seps: &[char]) -> Vec<&'a str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '（' | '(' | '〔' | '[' | '【' => depth += 1,
            '）' | ')' | '〕' | ']' | '】' => depth -= 1,
            c if depth <= 0 && seps.contains(&c) => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// The time phrases of a measure: years ("到2024年", "2022年底前") and words ("全年", "每年");
/// "全年" is written "全年（年底前）".
pub fn time_phrases(text: &str) -> String {
    let chars: Vec<char> = tidy(text).chars().collect();
    let mut covered = vec![false; chars.len()];
    let mut found: Vec<(usize, String)> = Vec::new();
    let digit = |i: usize| chars.get(i).is_some_and(|c| c.is_ascii_digit());
    let mut i = 0;
    while i + 4 < chars.len() {
        let is_year = chars[i] == '2'
            && chars[i + 1] == '0'
            && digit(i + 2)
            && digit(i + 3)
            && !(i > 0 && digit(i - 1))
            && chars[i + 4] == '年';
        if !is_year {
            i += 1;
            continue;
        }
        let start = if i > 0 && chars[i - 1] == '到' { i - 1 } else { i };
        let mut end = i + 5;
        let mut m = end;
        while digit(m) && m < end + 2 {
            m += 1;
        }
        if m > end && chars.get(m) == Some(&'月') {
            end = m + 1;
        }
        for suffix in ["上半年", "下半年", "年底", "底", "末"] {
            let s: Vec<char> = suffix.chars().collect();
            if chars.get(end..end + s.len()) == Some(&s[..]) {
                end += s.len();
                break;
            }
        }
        if chars.get(end) == Some(&'前') {
            end += 1;
        }
        covered[start..end].fill(true);
        found.push((start, chars[start..end].iter().collect()));
        i = end;
    }
    for word in TIME_WORDS {
        let w: Vec<char> = word.chars().collect();
        for s in 0..chars.len().saturating_sub(w.len() - 1) {
            if chars[s..s + w.len()] == w[..] && !covered[s..s + w.len()].iter().any(|&c| c) {
                covered[s..s + w.len()].fill(true);
                found.push((s, word.to_string()));
            }
        }
    }
    found.sort_by_key(|(s, _)| *s);
    let mut phrases: Vec<String> = Vec::new();
    // "全年" is the document's own year: said so the deadline parser reads it with that anchor.
    for (_, p) in found.into_iter().map(|(s, p)| (s, if p == "全年" { "全年（年底前）".to_string() } else { p }))
    {
        if !phrases.contains(&p) {
            phrases.push(p);
        }
    }
    phrases.join("；")
}

/// A numbered paragraph and the unnumbered ones that continue it.
struct Block {
    level: u8,
    text: String,
}

/// Reads the plan out of a document's paragraphs.
pub fn read_plan(paragraphs: &[String]) -> Plan {
    let paragraphs: Vec<String> = paragraphs.iter().map(|p| tidy(p)).filter(|p| !p.is_empty()).collect();
    let signed_year = paragraphs.iter().find_map(|p| date_line_year(p));
    let first_numbered = paragraphs.iter().position(|p| numbering(p).is_some()).unwrap_or(paragraphs.len());
    let title = plan_title(&paragraphs[..first_numbered]);
    let mut other: Vec<String> = paragraphs[..first_numbered].to_vec();
    let mut targets = Vec::new();
    let mut blocks: Vec<Block> = Vec::new();
    for p in &paragraphs[first_numbered..] {
        if p.starts_with("附件") && p.chars().count() <= 80 {
            break;
        }
        if let Some((level, marker)) = numbering(p) {
            blocks.push(Block { level, text: p[marker..].trim().to_string() });
        } else if date_line_year(p).is_none() {
            if let Some(block) = blocks.last_mut() {
                block.text.push_str(p);
            }
        }
    }
    let mut headings: Vec<(u8, String)> = Vec::new();
    let mut tasks = Vec::new();
    let mut measure_no = 0;
    for block in &blocks {
        while headings.last().is_some_and(|(level, _)| *level >= block.level) {
            headings.pop();
        }
        let parens = units_parens(&block.text);
        if parens.is_empty() {
            let title = heading_title(&block.text);
            let in_targets = headings.iter().any(|(_, t)| t.contains("目标")) || title.contains("目标");
            if in_targets {
                targets.push(block.text.clone());
            } else {
                other.push(block.text.clone());
            }
            headings.push((block.level, title));
            continue;
        }
        measure_no += 1;
        let category = headings.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join(" / ");
        let mut from = 0;
        for (k, paren) in parens.iter().enumerate() {
            let span = block.text[from..paren.start].trim();
            let measure = if span.is_empty() { block.text[..paren.start].trim() } else { span };
            from = paren.end;
            tasks.push(PlanTask {
                seq: if parens.len() == 1 { measure_no.to_string() } else { format!("{measure_no}-{}", k + 1) },
                category: category.clone(),
                measure: measure.to_string(),
                lead: paren.lead.clone(),
                co: paren.co.clone(),
                deadline: time_phrases(measure),
            });
        }
    }
    Plan { title, signed_year, tasks, targets, other }
}

/// A heading's title: its text up to the first 。 (at most 40 characters).
fn heading_title(text: &str) -> String {
    let head = text.split('。').next().unwrap_or(text).trim();
    let head: String = head.chars().take(40).collect();
    head.trim_end_matches(['：', ':', '，', '；']).to_string()
}

/// The plan's own title among the paragraphs before the first numbered one: the last short line
/// ending in 方案/意见/…, with a following "（2022—2024年）" line appended; else the notice's
/// title.
fn plan_title(preamble: &[String]) -> Option<String> {
    let is_title = |p: &str| {
        p.chars().count() <= 80
            && !p.ends_with(['。', '：', ':', '，', '；'])
            && !p.contains('《')
            && (TITLE_ENDINGS.iter().any(|e| p.ends_with(e)) || p.ends_with("通知"))
    };
    let plan = preamble.iter().rposition(|p| is_title(p) && !p.ends_with("通知"));
    let Some(i) = plan else {
        return preamble.iter().find(|p| is_title(p)).cloned();
    };
    let mut title = preamble[i].clone();
    if let Some(next) = preamble.get(i + 1) {
        let inner = next.strip_prefix(['（', '(']).and_then(|s| s.strip_suffix(['）', ')']));
        if let Some(inner) = inner.filter(|s| s.chars().count() <= 16 && s.contains("20") && s.ends_with('年')) {
            title.push_str(&format!("（{inner}）"));
        }
    }
    Some(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_levels() {
        assert_eq!(numbering("一、指导思想"), Some((1, "一、".len())));
        assert_eq!(numbering("（十）推进"), Some((2, "（十）".len())));
        assert_eq!(numbering("(四)推进"), Some((2, "(四)".len())));
        assert_eq!(numbering("12.多措并举"), Some((3, 3)));
        assert_eq!(numbering("3、加大"), Some((3, "3、".len())));
        assert_eq!(numbering("第五条 各单位"), Some((3, "第五条".len())));
        assert_eq!(numbering("（2）细化"), Some((4, "（2）".len())));
        assert_eq!(numbering("2.5倍以上"), None);
        assert_eq!(numbering("2022年8月9日"), None);
        assert_eq!(numbering("（2022—2024年）"), None);
        assert_eq!(numbering("一是加强"), None);
    }

    #[test]
    fn units_variants() {
        let p = units_parens("做好工作。（牵头单位：市财政局；责任单位：各县〔市、区〕人民政府）其后");
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].lead.as_str(), p[0].co.as_str()), ("市财政局", "各县〔市、区〕人民政府"));
        let p = units_parens("做好工作(牵头单位:市商务局;责任单位:市财政局)");
        assert_eq!((p[0].lead.as_str(), p[0].co.as_str()), ("市商务局", "市财政局"));
        let p = units_parens("做好工作（责任单位：市财政局、市税务局）");
        assert_eq!((p[0].lead.as_str(), p[0].co.as_str()), ("市财政局、市税务局", ""));
        assert!(units_parens("实现11个县（市、区）全覆盖（IPO）").is_empty());
    }

    #[test]
    fn time_phrases_found() {
        assert_eq!(time_phrases("力争 2022 年底陈案善后处置率达到70%，2024年完成"), "2022年底；2024年");
        assert_eq!(time_phrases("到2024年实现企业上市融资100亿元以上"), "到2024年");
        assert_eq!(time_phrases("三年内每年累计投放贷款新增150亿元以上"), "三年内；每年");
        assert_eq!(time_phrases("全年新增政府性融资担保业务50亿元以上"), "全年（年底前）");
        assert_eq!(time_phrases("2023年6月底前完成"), "2023年6月底前");
        assert_eq!(time_phrases("加强组织领导"), "");
    }

    #[test]
    fn tidy_spaces() {
        assert_eq!(tidy("新增 150 亿元　以上 PPP 等 BOT TOT"), "新增150亿元以上PPP等BOT TOT");
    }
}
