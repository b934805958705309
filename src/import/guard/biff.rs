//! The cell records of an .xls workbook stream, scanned the way calamine 0.38 reads them before
//! it builds each sheet as a dense grid: a cell record far away (row 65535, column 65535) makes it
//! allocate billions of cells, a DIMENSIONS record whose last row is before its first makes it
//! underflow, and a sheet offset past the stream's end or a merged-cells record shorter than its
//! count makes it panic.

use super::area_too_large;

/// Why a workbook stream is refused.
pub enum Problem {
    /// The structure is broken (what, in Chinese).
    Damaged(&'static str),
    /// A sheet is too large (the detail of the message).
    TooLarge(String),
}

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const FILE_PASS: u16 = 0x002F;
const BOUND_SHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const MUL_RK: u16 = 0x00BD;
const MERGE_CELLS: u16 = 0x00E5;
/// Records calamine turns into one cell at the row and column of their first four bytes:
/// Number, Label, RString, BoolErr, RK, LabelSst, Formula.
const CELL_RECORDS: [u16; 7] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006];

/// Checks every sheet named in the workbook globals. An encrypted stream is left to calamine,
/// which reports it.
pub fn check_sheets(stream: &[u8]) -> Result<(), Problem> {
    let mut sheets = Vec::new();
    for (typ, data) in records(stream) {
        match typ {
            FILE_PASS => return Ok(()),
            BOUND_SHEET if data.len() < 6 => return Err(Problem::Damaged("工作表目录记录过短")),
            BOUND_SHEET => {
                let pos = u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize;
                sheets.push((pos, sheet_name(data, sheets.len())));
            }
            EOF => break,
            _ => {}
        }
    }
    for (pos, name) in sheets {
        let Some(sheet) = stream.get(pos..) else { return Err(Problem::Damaged("工作表的位置超出数据流")) };
        let (rows, cols) = sheet_extent(sheet)?;
        if let Some(detail) = area_too_large(&name, rows, cols) {
            return Err(Problem::TooLarge(detail));
        }
    }
    Ok(())
}

/// Rows and columns from A1 to the last cell calamine would keep (one-based), or the area the
/// sheet declares when larger, skipping nested substreams (embedded charts) as calamine does.
fn sheet_extent(sheet: &[u8]) -> Result<(u64, u64), Problem> {
    let mut seen_bof = false;
    let mut depth = 0usize;
    // Grows the area to hold a (rows, cols) extent.
    let grow = |area: &mut (u64, u64), extent: (u64, u64)| *area = (area.0.max(extent.0), area.1.max(extent.1));
    let cell = |row: u16, col: u16| (u64::from(row) + 1, u64::from(col) + 1);
    let mut area = (0u64, 0u64);
    for (typ, data) in records(sheet) {
        if depth > 0 {
            match typ {
                BOF => depth += 1,
                EOF => depth -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            BOF if seen_bof => depth += 1,
            BOF => seen_bof = true,
            EOF => break,
            DIMENSIONS => {
                // calamine reserves the declared area up front
                grow(&mut area, declared_area(data)?);
            }
            MUL_RK if data.len() >= 6 => {
                let (first, last) = (u16_at(data, 2), u16_at(data, data.len() - 2));
                if last < first {
                    return Err(Problem::Damaged("单元格记录的列范围颠倒"));
                }
                grow(&mut area, cell(u16_at(data, 0), last));
            }
            MERGE_CELLS if data.len() < 2 || data.len() < 2 + 8 * usize::from(u16_at(data, 0)) => {
                return Err(Problem::Damaged("合并单元格记录过短"));
            }
            t if CELL_RECORDS.contains(&t) && data.len() >= 4 => {
                grow(&mut area, cell(u16_at(data, 0), u16_at(data, 2)))
            }
            _ => {}
        }
    }
    Ok(area)
}

/// The rows and columns a DIMENSIONS record declares, as calamine reads it; a record whose last
/// row or column is before its first is damaged (calamine's subtraction underflows).
fn declared_area(data: &[u8]) -> Result<(u64, u64), Problem> {
    let u32_at = |at: usize| u32::from_le_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]]);
    let (first_row, end_row, mut first_col, end_col) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0)),
            u32::from(u16_at(data, 2)),
            u32::from(u16_at(data, 4)),
            u32::from(u16_at(data, 6)),
        ),
        14 | 16 => (u32_at(0), u32_at(4), u32::from(u16_at(data, 8)), u32::from(u16_at(data, 10))),
        _ => return Ok((0, 0)), // calamine reports a wrong length
    };
    if first_col > 0xFF || end_col < first_col {
        first_col = 0;
    }
    if end_row == 0 || end_col == 0 {
        return Ok((0, 0));
    }
    let (last_row, last_col) = (end_row - 1, end_col - 1);
    if last_row < first_row || last_col < first_col {
        return Err(Problem::Damaged("工作表的尺寸记录有误"));
    }
    Ok((u64::from(last_row - first_row) + 1, u64::from(last_col - first_col) + 1))
}

/// The records of a stream as (type, data), stopping where one is cut short (calamine reports
/// that as an error).
fn records(mut stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let len = usize::from(u16_at(stream.get(..4)?, 2));
        let data = stream.get(4..4 + len)?;
        let typ = u16_at(stream, 0);
        stream = &stream[4 + len..];
        Some((typ, data))
    })
}

/// A BoundSheet8 record's sheet name (BIFF8: length, flags, then Latin-1 or UTF-16 characters).
fn sheet_name(data: &[u8], index: usize) -> String {
    let fallback = || format!("第 {} 个工作表", index + 1);
    let (Some(&count), Some(&flags)) = (data.get(6), data.get(7)) else { return fallback() };
    let count = usize::from(count);
    let name = if flags & 1 == 1 {
        data.get(8..8 + 2 * count).map(|b| {
            String::from_utf16_lossy(&b.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect::<Vec<_>>())
        })
    } else {
        data.get(8..8 + count).map(|b| b.iter().map(|&c| char::from(c)).collect())
    };
    name.filter(|n| !n.is_empty()).unwrap_or_else(fallback)
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    /// A sheet substream: BOF, the given records, EOF.
    fn sheet(records: &[Vec<u8>]) -> Vec<u8> {
        let mut s = record(BOF, &[0; 16]);
        records.iter().for_each(|r| s.extend(r));
        s.extend(record(EOF, &[]));
        s
    }

    fn cell(typ: u16, row: u16, col: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend(col.to_le_bytes());
        data.extend([0; 10]);
        record(typ, &data)
    }

    #[test]
    fn extent_of_cell_records_ignores_embedded_charts() {
        let chart = [record(BOF, &[0; 16]), cell(0x0203, 60_000, 200), record(EOF, &[])].concat();
        let s = sheet(&[cell(0x0203, 4, 2), cell(0x00FD, 9, 1), chart]);
        assert!(matches!(sheet_extent(&s), Ok((10, 3))));
    }

    #[test]
    fn reversed_dimensions_and_column_ranges_are_damage() {
        let dims = |rf: u32, rl: u32, cf: u16, cl: u16| {
            let mut d = rf.to_le_bytes().to_vec();
            d.extend(rl.to_le_bytes());
            d.extend(cf.to_le_bytes());
            d.extend(cl.to_le_bytes());
            d.extend([0, 0]);
            record(DIMENSIONS, &d)
        };
        assert!(matches!(sheet_extent(&sheet(&[dims(0, 65_536, 0, 256)])), Ok((65_536, 256))));
        assert!(matches!(sheet_extent(&sheet(&[dims(9, 3, 0, 4)])), Err(Problem::Damaged(_))));
        let mul_rk = record(MUL_RK, &[1, 0, 9, 0, 0, 0, 0, 0, 0, 0, 3, 0]);
        assert!(matches!(sheet_extent(&sheet(&[mul_rk])), Err(Problem::Damaged(_))));
    }

    #[test]
    fn sheet_offset_past_the_stream_is_damage() {
        let mut bound = 10_000u32.to_le_bytes().to_vec();
        bound.extend([0, 0, 2, 1]); // visible worksheet, two UTF-16 characters
        bound.extend("台账".encode_utf16().flat_map(u16::to_le_bytes));
        let globals = [record(BOF, &[0; 16]), record(BOUND_SHEET, &bound), record(EOF, &[])].concat();
        assert!(matches!(check_sheets(&globals), Err(Problem::Damaged(_))));
    }
}
