"""Fills a unit file the way a department does, with openpyxl (an independent writer).

    python3 fill_return.py IN.xlsx OUT.xlsx SPEC.json

SPEC: {"progress": {"T12": "text", ...}, "status": {"T12": "已完成"},
       "cells": {"T12": {"存在问题": "text", "下一步工作计划": "text"}},
       "edit_measure": {"T12": "changed text"}, "add_row": {"seq": "17-1", "measure": "..."},
       "actual": {"I7": 52.3, "I8": "0.9%"}, "keep_only": ["T12"]}
Columns are found by their header text in the row that holds "台账通编号"; the progress column is
the first whose header contains 进展. "actual" fills the 实际完成值 column of the indicator sheet
(the one whose header row holds "台账通指标编号"), by row key; a number is written as a number.
"keep_only" deletes every other task row, as a department re-sending only the rows it corrected.
"""

import json
import sys

import openpyxl
from openpyxl.worksheet.protection import SheetProtection


def find_header(ws, text):
    """The row (among the first 30) holding a cell whose value is `text`, or None."""
    for row in ws.iter_rows(min_row=1, max_row=30):
        for cell in row:
            if cell.value == text:
                return cell.row
    return None


def fill_actuals(ws, hr, actuals):
    headers = {c.value: c.column for c in ws[hr] if c.value}
    key_col, actual_col = headers["台账通指标编号"], headers["实际完成值"]
    for r in range(hr + 1, ws.max_row + 1):
        key = ws.cell(r, key_col).value
        if key in actuals:
            ws.cell(r, actual_col).value = actuals[key]


def main(src, dst, spec_path):
    spec = json.load(open(spec_path, encoding="utf-8"))
    wb = openpyxl.load_workbook(src)
    add = spec.get("add_row")
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        ihr = find_header(ws, "台账通指标编号")
        if ihr:
            fill_actuals(ws, ihr, spec.get("actual", {}))
            continue
        hr = find_header(ws, "台账通编号")
        if hr is None:
            raise SystemExit(f"no 台账通编号 header on sheet {ws.title}")
        headers = {c.value: c.column for c in ws[hr] if c.value}
        key_col = headers["台账通编号"]
        progress_col = next(col for text, col in headers.items() if "进展" in str(text))
        status_col = headers.get("完成状态")
        measure_col = next(col for text, col in headers.items() if text in ("工作措施", "主要任务", "升级措施"))
        seq_col = headers.get("序号")
        last = hr
        for r in range(hr + 1, ws.max_row + 1):
            key = ws.cell(r, key_col).value
            if not key:
                continue
            last = r
            if key in spec.get("progress", {}):
                ws.cell(r, progress_col).value = spec["progress"][key]
            for header, text in spec.get("cells", {}).get(key, {}).items():
                ws.cell(r, headers[header]).value = text
            if status_col and key in spec.get("status", {}):
                ws.cell(r, status_col).value = spec["status"][key]
            if key in spec.get("edit_measure", {}):
                # A department that unprotects the sheet and rewrites the measure.
                ws.protection = SheetProtection(sheet=False)
                ws.cell(r, measure_col).value = spec["edit_measure"][key]
        if "keep_only" in spec:
            ws.protection = SheetProtection(sheet=False)
            for r in range(ws.max_row, hr, -1):
                key = ws.cell(r, key_col).value
                if key and key not in spec["keep_only"]:
                    ws.delete_rows(r)
        if add and ws.title == add.get("sheet", ws.title):
            ws.protection = SheetProtection(sheet=False)
            r = last + 1
            ws.insert_rows(r)
            if seq_col:
                ws.cell(r, seq_col).value = add["seq"]
            ws.cell(r, measure_col).value = add["measure"]
            ws.cell(r, progress_col).value = add.get("progress", "")
            add = None
    wb.save(dst)


if __name__ == "__main__":
    main(*sys.argv[1:4])
