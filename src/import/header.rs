//! Finding the header row by its content and mapping each header to a field.

use crate::model::Field;

use super::grid::Grid;

/// Header texts and the field each one means. Matching is on the normalised text: first an
/// exact match, then the longest synonym the header contains.
const SYNONYMS: &[(&str, Field)] = &[
    ("序号", Field::Seq),
    ("编号", Field::Seq),
    ("序列号", Field::Seq),
    ("重点任务", Field::Category),
    ("工作要求", Field::Category),
    ("所属专项", Field::Category),
    ("改革方向", Field::Category),
    ("任务类别", Field::Category),
    ("任务分类", Field::Category),
    ("类别", Field::Category),
    ("工作领域", Field::Category),
    ("重点领域", Field::Category),
    ("专项行动", Field::Category),
    ("工作措施", Field::Measure),
    ("主要任务", Field::Measure),
    ("主要措施", Field::Measure),
    ("升级措施", Field::Measure),
    ("具体举措", Field::Measure),
    ("具体措施", Field::Measure),
    ("工作任务", Field::Measure),
    ("任务内容", Field::Measure),
    ("工作内容", Field::Measure),
    ("任务措施", Field::Measure),
    ("牵头单位", Field::Lead),
    ("牵头部门", Field::Lead),
    ("牵头科室", Field::Lead),
    ("责任科室", Field::Lead),
    ("主责单位", Field::Lead),
    ("责任单位", Field::Lead),
    ("责任部门", Field::Lead),
    ("配合单位", Field::Co),
    ("配合部门", Field::Co),
    ("配合科室", Field::Co),
    ("协办单位", Field::Co),
    ("参与单位", Field::Co),
    ("完成时限", Field::Deadline),
    ("完成时间", Field::Deadline),
    ("完成期限", Field::Deadline),
    ("时间节点", Field::Deadline),
    ("时限要求", Field::Deadline),
    ("办结时限", Field::Deadline),
    ("进展情况", Field::Progress),
    ("双周进展情况", Field::Progress),
    ("工作进展", Field::Progress),
    ("推进情况", Field::Progress),
    ("落实情况", Field::Progress),
    ("完成情况", Field::Progress),
    ("存在问题", Field::Problems),
    ("困难问题", Field::Problems),
    ("问题困难", Field::Problems),
    ("下一步工作计划", Field::NextPlan),
    ("下一步计划", Field::NextPlan),
    ("下一步工作打算", Field::NextPlan),
    ("下步打算", Field::NextPlan),
    ("下步工作计划", Field::NextPlan),
    ("年度目标和效果", Field::Target),
    ("目标和效果", Field::Target),
    ("预期目标", Field::Target),
    ("预期成效", Field::Target),
    ("细化举措", Field::Detail),
    ("备注", Field::Note),
    ("完成状态", Field::Status),
    ("任务状态", Field::Status),
    ("状态", Field::Status),
];

/// Normalises a header text for matching: no white space, no full-width forms of ASCII, no
/// trailing colon, no bracketed hints such as "（必填）".
pub fn normalize_header(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0u32;
    for ch in text.chars() {
        let ch = match ch {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch),
            _ => ch,
        };
        match ch {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            c if c.is_whitespace() || c == ':' || c == '：' || c == '*' => {}
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The field a header text names, before the sheet-level rules in [`map_columns`].
pub fn field_of_header(text: &str) -> Option<Field> {
    let norm = normalize_header(text);
    if norm.is_empty() {
        return None;
    }
    if let Some((_, f)) = SYNONYMS.iter().find(|(s, _)| *s == norm) {
        return Some(*f);
    }
    SYNONYMS.iter().filter(|(s, _)| norm.contains(s)).max_by_key(|(s, _)| s.chars().count()).map(|(_, f)| *f)
}

/// A detected header: its first row, how many rows it spans, and each column's text.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// Zero-based first header row.
    pub row: u32,
    /// Number of rows the header spans (1, or 2 for a two-level header).
    pub height: u32,
    /// Each column's header text (two-level headers joined with "/").
    pub texts: Vec<String>,
}

/// How many of the first rows are searched for a header.
const HEADER_SEARCH_ROWS: u32 = 40;

/// Finds the header row: the row among the first 40 whose cells name the most distinct fields,
/// provided it names a measure or category column and at least three fields in all.
pub fn find_header(grid: &Grid) -> Option<Header> {
    let mut best: Option<(usize, u32)> = None;
    for row in 0..grid.rows().min(HEADER_SEARCH_ROWS) {
        let fields: Vec<Field> = (0..grid.cols()).filter_map(|c| field_of_header(grid.text(row, c))).collect();
        let has_task_column = fields.iter().any(|f| matches!(f, Field::Measure | Field::Category));
        let mut distinct = fields.clone();
        distinct.sort_by_key(|f| f.key());
        distinct.dedup();
        if has_task_column && distinct.len() >= 3 && best.is_none_or(|(n, _)| distinct.len() > n) {
            best = Some((distinct.len(), row));
        }
    }
    let (_, row) = best?;
    Some(header_at(grid, row))
}

/// Reads the header at `row`, joining a second level where the header has cells merged across
/// columns with sub-headers beneath them.
fn header_at(grid: &Grid, row: u32) -> Header {
    let parents: Vec<String> = (0..grid.cols()).map(|c| grid.text(row, c).to_string()).collect();
    let spans_two = grid.merges().iter().any(|m| {
        m.first_row == row
            && m.last_row == row
            && m.width() > 1
            && (m.first_col..=m.last_col).any(|c| !grid.text(row + 1, c).is_empty())
    }) && field_of_header(grid.text(row + 1, 0)).is_none_or(|f| f == Field::Seq)
        && grid.text(row + 1, 0).parse::<f64>().is_err();
    if !spans_two {
        return Header { row, height: 1, texts: parents };
    }
    let texts = parents
        .iter()
        .enumerate()
        .map(|(c, parent)| {
            let child = grid.text(row + 1, c as u32);
            if child.is_empty() || child == parent {
                parent.clone()
            } else {
                format!("{parent}/{child}")
            }
        })
        .collect();
    Header { row, height: 2, texts }
}

/// Maps every column of a header to a field, applying the sheet-level rules:
/// - 责任单位 is the lead column only when there is no 牵头单位 column; beside one it is co-operating;
/// - of several measure-like columns the rightmost is the measure and the others become category
///   levels (济源: 主要措施 is a category above 升级措施);
/// - with no measure column at all, the rightmost category column is the measure;
/// - overrides given by the user win over everything.
pub fn map_columns(texts: &[String], overrides: &[(String, Field)]) -> Vec<Field> {
    let mut fields: Vec<Field> = texts
        .iter()
        .map(|t| {
            let sub = t.rsplit('/').next().unwrap_or(t);
            field_of_header(sub).or_else(|| field_of_header(t)).unwrap_or(Field::Other)
        })
        .collect();
    let has_true_lead = texts.iter().zip(&fields).any(|(t, f)| *f == Field::Lead && !is_responsible(t));
    if has_true_lead {
        for (t, f) in texts.iter().zip(fields.iter_mut()) {
            if *f == Field::Lead && is_responsible(t) {
                *f = Field::Co;
            }
        }
    }
    let measures: Vec<usize> = positions(&fields, Field::Measure);
    if let Some((_, earlier)) = measures.split_last() {
        for &i in earlier {
            fields[i] = Field::Category;
        }
    } else if let Some(&last) = positions(&fields, Field::Category).last() {
        fields[last] = Field::Measure;
    }
    let mut pinned = vec![false; fields.len()];
    for (header, field) in overrides {
        let key = normalize_header(header);
        for (i, t) in texts.iter().enumerate() {
            if normalize_header(t) == key || t == header {
                fields[i] = *field;
                pinned[i] = true;
            }
        }
    }
    // A column pinned as the measure makes any other measure column a category level.
    if (0..fields.len()).any(|i| pinned[i] && fields[i] == Field::Measure) {
        for i in 0..fields.len() {
            if !pinned[i] && fields[i] == Field::Measure {
                fields[i] = Field::Category;
            }
        }
    }
    fields
}

fn is_responsible(header: &str) -> bool {
    let n = normalize_header(header);
    n.contains("责任单位") || n.contains("责任部门")
}

pub(super) fn positions(fields: &[Field], wanted: Field) -> Vec<usize> {
    fields.iter().enumerate().filter(|(_, f)| **f == wanted).map(|(i, _)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn headers_are_normalised_before_matching() {
        assert_eq!(normalize_header(" 完成时限\n（必填）："), "完成时限");
        assert_eq!(field_of_header("牵 头 单 位"), Some(Field::Lead));
        assert_eq!(field_of_header("2024年双周进展情况"), Some(Field::Progress));
        assert_eq!(field_of_header("联系人"), None);
    }

    #[test]
    fn ordos_header_maps_all_nine_columns() {
        let texts = strings(&[
            "序号",
            "重点任务",
            "工作措施",
            "牵头单位",
            "配合单位",
            "完成时限",
            "进展情况",
            "存在问题",
            "下一步工作计划",
        ]);
        use Field::*;
        assert_eq!(
            map_columns(&texts, &[]),
            vec![Seq, Category, Measure, Lead, Co, Deadline, Progress, Problems, NextPlan]
        );
    }

    #[test]
    fn jiyuan_main_measure_becomes_a_category_level() {
        let texts =
            strings(&["序号", "所属专项", "改革方向", "主要措施", "升级措施", "责任科室", "配合科室", "完成时限"]);
        use Field::*;
        assert_eq!(map_columns(&texts, &[]), vec![Seq, Category, Category, Category, Measure, Lead, Co, Deadline]);
    }

    #[test]
    fn responsible_unit_is_co_operating_beside_a_lead_column() {
        use Field::*;
        let with_lead = strings(&["序号", "工作任务", "牵头单位", "责任单位"]);
        assert_eq!(map_columns(&with_lead, &[]), vec![Seq, Measure, Lead, Co]);
        let alone = strings(&["序号", "工作任务", "责任单位", "完成时限"]);
        assert_eq!(map_columns(&alone, &[]), vec![Seq, Measure, Lead, Deadline]);
    }

    #[test]
    fn a_lone_category_column_is_the_measure_and_overrides_win() {
        use Field::*;
        let texts = strings(&["序号", "重点任务", "牵头单位", "联系人"]);
        assert_eq!(map_columns(&texts, &[]), vec![Seq, Measure, Lead, Other]);
        let over = vec![("联系人".to_string(), Note), ("重点任务".to_string(), Category)];
        assert_eq!(map_columns(&texts, &over), vec![Seq, Category, Lead, Note]);
        let jiyuan = strings(&["序号", "主要措施", "升级措施"]);
        let pin = vec![("主要措施".to_string(), Measure)];
        assert_eq!(map_columns(&jiyuan, &pin), vec![Seq, Measure, Category]);
    }
}
