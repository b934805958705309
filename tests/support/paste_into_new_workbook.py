"""Copies the visible cells of a unit file into a brand-new workbook (no hidden sheet, no hidden
key column, no custom properties), as a department does when it pastes into its own file, and
fills one progress cell.

    python3 paste_into_new_workbook.py IN.xlsx OUT.xlsx MARKER

MARKER's file name is the key (T12) of the row whose progress is filled.
"""

import os
import sys

import openpyxl


def main(src, dst, marker):
    key = os.path.basename(marker)
    source = openpyxl.load_workbook(src)
    ws = next(s for s in source.worksheets if s.sheet_state == "visible")
    out = openpyxl.Workbook()
    new = out.active
    new.title = "Sheet1"
    header = next(c.row for row in ws.iter_rows(max_row=30) for c in row if c.value == "台账通编号")
    key_col = next(c.column for c in ws[header] if c.value == "台账通编号")
    progress_col = next(c.column for c in ws[header] if c.value and "进展" in str(c.value))
    for row in ws.iter_rows():
        for c in row:
            if c.column < key_col and c.value is not None and type(c).__name__ != "MergedCell":
                new.cell(c.row, c.column).value = c.value
        if row[0].row > header and ws.cell(row[0].row, key_col).value == key:
            new.cell(row[0].row, progress_col).value = "粘贴后填写的进展"
    out.save(dst)


if __name__ == "__main__":
    main(*sys.argv[1:4])
