#!/usr/bin/env python3
"""Reads an .xlsx with openpyxl (independently of the Rust code that wrote it) and prints JSON.

    python3 tests/support/inspect_xlsx.py FILE.xlsx

Output: {"custom_properties": {name: value}, "properties": {...}, "sheets": [sheet, ...]} where a
sheet has: name, state, max_row, max_col, rows (cell values as text, None for empty, row-major
from A1), formula_cells, merged (A1 ranges, sorted), column_widths and hidden_columns (by
letter), row_heights (by 1-based row number), print_title_rows, orientation, paper_size,
fit_to_page, fit_to_width, fit_to_height, footer, freeze_panes, page_breaks (1-based rows
that start a new page), protection, unlocked (cell
coordinates that are not locked, only cells that hold a value or a style), data_validations.
Exits with status 2 and a clear message when openpyxl is missing.
"""

import json
import sys

try:
    import openpyxl
    from openpyxl.cell.cell import MergedCell
    from openpyxl.utils import get_column_letter
except ImportError:  # pragma: no cover - reported to the Rust test
    sys.stderr.write("openpyxl is not installed for python3: run `pip install openpyxl`\n")
    sys.exit(2)


def text(value):
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def column_dims(ws):
    widths, hidden = {}, []
    for key, dim in ws.column_dimensions.items():
        lo = dim.min or openpyxl.utils.column_index_from_string(key)
        hi = dim.max or lo
        for c in range(lo, min(hi, 200) + 1):
            letter = get_column_letter(c)
            if dim.width:
                widths[letter] = dim.width
            if dim.hidden:
                hidden.append(letter)
    return widths, sorted(set(hidden), key=lambda l: (len(l), l))


def protection(ws):
    p = ws.protection
    return {
        "sheet": bool(p.sheet),
        "password": p.password or None,
        # openpyxl mirrors the XML: True means the action is locked while protected.
        "format_columns_locked": bool(p.formatColumns),
        "format_rows_locked": bool(p.formatRows),
        "format_cells_locked": bool(p.formatCells),
        "insert_rows_locked": bool(p.insertRows),
        "delete_rows_locked": bool(p.deleteRows),
        "sort_locked": bool(p.sort),
        "select_locked_cells_locked": bool(p.selectLockedCells),
    }


def sheet_info(ws):
    rows, formulas, unlocked = [], [], []
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column):
        values = []
        for cell in row:
            if isinstance(cell, MergedCell):
                values.append(None)
                continue
            values.append(text(cell.value))
            if cell.data_type == "f":
                formulas.append(cell.coordinate)
            if cell.has_style and cell.protection is not None and cell.protection.locked is False:
                unlocked.append(cell.coordinate)
        rows.append(values)
    widths, hidden = column_dims(ws)
    heights = {str(r): d.height for r, d in ws.row_dimensions.items() if d.height is not None}
    setup = ws.page_setup
    pr = ws.sheet_properties.pageSetUpPr
    footer = ws.oddFooter
    validations = [
        {
            "type": dv.type,
            "formula1": dv.formula1,
            "sqref": str(dv.sqref),
            # An absent errorStyle means "stop" (the XML default).
            "error_style": dv.errorStyle or "stop",
            "show_error": bool(dv.showErrorMessage),
        }
        for dv in ws.data_validations.dataValidation
    ]
    return {
        "name": ws.title,
        "state": ws.sheet_state,
        "max_row": ws.max_row,
        "max_col": ws.max_column,
        "rows": rows,
        "formula_cells": formulas,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "column_widths": widths,
        "hidden_columns": hidden,
        "row_heights": heights,
        "print_title_rows": ws.print_title_rows,
        "orientation": setup.orientation,
        "paper_size": int(setup.paperSize) if setup.paperSize is not None else None,
        "fit_to_page": bool(pr.fitToPage) if pr is not None else False,
        # Absent fitToWidth / fitToHeight mean 1 (the XML default).
        "fit_to_width": int(setup.fitToWidth) if setup.fitToWidth is not None else 1,
        "fit_to_height": int(setup.fitToHeight) if setup.fitToHeight is not None else 1,
        "footer": {
            "left": footer.left.text,
            "center": footer.center.text,
            "right": footer.right.text,
        },
        "freeze_panes": ws.freeze_panes,
        # Manual page breaks, as the 1-based rows that start a new page.
        "page_breaks": [b.id + 1 for b in ws.row_breaks.brk],
        "protection": protection(ws),
        "unlocked": unlocked,
        "data_validations": validations,
    }


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: inspect_xlsx.py FILE.xlsx\n")
        sys.exit(1)
    wb = openpyxl.load_workbook(sys.argv[1])
    custom = {}
    for prop in getattr(wb, "custom_doc_props", None) or []:
        custom[prop.name] = text(prop.value)
    props = wb.properties
    out = {
        "properties": {"title": props.title, "subject": props.subject, "creator": props.creator},
        "custom_properties": custom,
        "sheets": [sheet_info(ws) for ws in wb.worksheets],
    }
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
