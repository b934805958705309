//! The charts of the consolidated ledger's 汇总 sheet (native Excel charts, rust_xlsxwriter):
//! task status per unit (stacked bars) and how the units returned each round (stacked
//! columns). Their numbers are written as two plain tables on a sheet of their own, "图表数据",
//! which the charts read, so Excel, WPS and LibreOffice all draw them from the same cells.

use rust_xlsxwriter::{
    Chart, ChartFont, ChartFormat, ChartLegendPosition, ChartSolidFill, ChartType, Worksheet, XlsxError,
};
use serde::Serialize;

use super::styles::{Align, Styles};

/// The name of the sheet holding the charts' numbers.
pub const CHART_DATA_SHEET: &str = "图表数据";

/// The statuses charted per unit, in order, with their colours.
pub const STATUS_SERIES: [(&str, u32); 6] = [
    ("已完成", 0x67C23A),
    ("推进中", 0x409EFF),
    ("长期坚持", 0x9B59B6),
    ("未启动", 0x909399),
    ("逾期", 0xF56C6C),
    ("未填写", 0xDCDFE6),
];

/// The return states charted per round, with their colours.
pub const RETURN_SERIES: [(&str, u32); 3] = [("按时报送", 0x67C23A), ("迟报", 0xE6A23C), ("未报送", 0xF56C6C)];

/// One unit's tasks by status ([`STATUS_SERIES`] order).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitStatusCounts {
    /// The unit.
    pub unit: String,
    /// Tasks per status.
    pub counts: [usize; 6],
}

/// How the units returned one round ([`RETURN_SERIES`] order).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundReturns {
    /// The round's label.
    pub label: String,
    /// Units on time, late, not returned.
    pub counts: [usize; 3],
}

/// What the summary sheet's charts show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryCharts {
    /// Task status per unit.
    pub units: Vec<UnitStatusCounts>,
    /// Returns per round, oldest first.
    pub rounds: Vec<RoundReturns>,
}

/// Rows of the chart-data sheet: where each table sits (header row, first and last data row).
pub struct ChartRanges {
    units: (u32, u32, u32),
    rounds: (u32, u32, u32),
}

/// Writes the two tables of the chart-data sheet.
pub fn write_chart_data(ws: &mut Worksheet, charts: &SummaryCharts, st: &Styles) -> Result<ChartRanges, XlsxError> {
    ws.set_column_width(0, 28.0)?;
    for j in 1..=STATUS_SERIES.len() as u16 {
        ws.set_column_width(j, 10.0)?;
    }
    let center = st.body(Align::Center, false);
    let table = |ws: &mut Worksheet, top: u32, first: &str, names: &[&str], rows: Vec<(&str, Vec<usize>)>| {
        ws.write_string_with_format(top, 0, first, &st.header)?;
        for (j, name) in names.iter().enumerate() {
            ws.write_string_with_format(top, j as u16 + 1, *name, &st.header)?;
        }
        for (i, (label, counts)) in rows.iter().enumerate() {
            let r = top + 1 + i as u32;
            ws.write_string_with_format(r, 0, *label, center)?;
            for (j, n) in counts.iter().enumerate() {
                ws.write_number_with_format(r, j as u16 + 1, *n as f64, center)?;
            }
        }
        Ok::<_, XlsxError>((top, top + 1, top + rows.len().max(1) as u32))
    };
    let status_names: Vec<&str> = STATUS_SERIES.iter().map(|(n, _)| *n).collect();
    let unit_rows = charts.units.iter().map(|u| (u.unit.as_str(), u.counts.to_vec())).collect();
    let units = table(ws, 0, "单位", &status_names, unit_rows)?;
    let return_names: Vec<&str> = RETURN_SERIES.iter().map(|(n, _)| *n).collect();
    let round_rows = charts.rounds.iter().map(|r| (r.label.as_str(), r.counts.to_vec())).collect();
    let rounds = table(ws, units.2 + 2, "期次", &return_names, round_rows)?;
    Ok(ChartRanges { units, rounds })
}

/// A whole-number step for a count axis up to `most`: about ten gridlines at most.
fn step(most: usize) -> f64 {
    most.div_ceil(10).max(1) as f64
}

fn styled(chart: &mut Chart, title: &str) {
    let mut font = ChartFont::new();
    font.set_name("宋体");
    let mut title_font = font.clone();
    title_font.set_size(12).set_bold();
    chart.title().set_name(title).set_font(&title_font);
    chart.legend().set_position(ChartLegendPosition::Bottom).set_font(&font);
    chart.x_axis().set_font(&font);
    chart.y_axis().set_font(&font);
}

/// A stacked chart of `kind` with one series per column of a chart-data table (`range`: header
/// row, first and last data row; categories in column A), coloured as `series` says.
fn stacked(
    kind: ChartType,
    series: &[(&str, u32)],
    range: (u32, u32, u32),
    sheet: &str,
    gap: u16,
    title: &str,
) -> Chart {
    let (header, first, last) = range;
    let mut chart = Chart::new(kind);
    for (j, (_, color)) in series.iter().enumerate() {
        let col = j as u16 + 1;
        chart
            .add_series()
            .set_name((sheet, header, col))
            .set_categories((sheet, first, 0, last, 0))
            .set_values((sheet, first, col, last, col))
            .set_format(ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(*color)))
            .set_gap(gap);
    }
    styled(&mut chart, title);
    chart
}

/// Inserts the charts into the summary sheet from `row` down; returns the first row below them.
pub fn insert_charts(
    ws: &mut Worksheet,
    row: u32,
    charts: &SummaryCharts,
    ranges: &ChartRanges,
    sheet: &str,
) -> Result<u32, XlsxError> {
    let mut r = row;
    if !charts.units.is_empty() {
        let mut chart = stacked(ChartType::BarStacked, &STATUS_SERIES, ranges.units, sheet, 60, "各单位任务状态");
        // Bars list the units top-down in the table's order; the value axis counts whole tasks.
        chart.y_axis().set_reverse();
        let most = charts.units.iter().map(|u| u.counts.iter().sum::<usize>()).max().unwrap_or(0);
        chart.x_axis().set_major_unit(step(most));
        let height = 110 + 30 * charts.units.len() as u32;
        chart.set_width(860).set_height(height);
        ws.insert_chart(r, 0, &chart)?;
        r += height.div_ceil(20) + 1;
    }
    if !charts.rounds.is_empty() {
        let mut chart =
            stacked(ChartType::ColumnStacked, &RETURN_SERIES, ranges.rounds, sheet, 80, "各期报送情况（单位数）");
        let most = charts.rounds.iter().map(|r| r.counts.iter().sum::<usize>()).max().unwrap_or(0);
        chart.y_axis().set_major_unit(step(most));
        chart.set_width(860).set_height(320);
        ws.insert_chart(r, 0, &chart)?;
        r += 17;
    }
    Ok(r)
}
