"""Makes returned files the way departments really send them, for the collect tests.

    python3 make_return.py workbook OUT.xlsx SPEC.json        # rows pasted into a new workbook
    python3 make_return.py template LEDGER.xlsx OUT.xlsx SPEC.json   # the notice's own table, filled
    python3 make_return.py docx OUT.docx SPEC.json            # a Word answer with tables (python-docx)
    python3 make_return.py saved FILE ISO_TIME                # sets docProps/core.xml "modified"

SPEC for `workbook`: {"sheets": [{"name": "Sheet1", "rows": [[row, col, text], ...]}]}, rows and
columns 1-based.

SPEC for `template`: {"fill": [[sheet, seq, header, text], ...], "measure": [[sheet, seq, text]],
"add": [[sheet, {header: text}]]}: fills cells of the rows with that 序号, rewrites a measure,
appends rows after the last row of the sheet.

SPEC for `docx`: {"blocks": [{"p": text} | {"table": [[text, ...], ...], "merge": [[r1, c1,
r2, c2], ...]}]}: paragraphs and tables in order, merges 0-based and inclusive (python-docx
writes them as gridSpan and vMerge).

Every writer sets the file's saved time when the spec has "saved" (ISO, UTC); openpyxl and
python-docx otherwise write the time of saving, as Excel and Word do.
"""

import json
import shutil
import sys
import tempfile
import zipfile

import openpyxl


def set_saved(path, iso):
    """Rewrites docProps/core.xml's dcterms:modified, as a save at that time would."""
    with zipfile.ZipFile(path) as src:
        items = [(info, src.read(info.filename)) for info in src.infolist()]
    tmp = tempfile.NamedTemporaryFile(delete=False, suffix=".zip").name
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in items:
            if info.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                start = text.index("<dcterms:modified")
                inner = text.index(">", start) + 1
                end = text.index("</dcterms:modified>", inner)
                data = (text[:inner] + iso + text[end:]).encode("utf-8")
            dst.writestr(info, data)
    shutil.move(tmp, path)


def header_row(ws):
    """The row holding 序号 within the first 10 rows, and its column texts by column."""
    for row in ws.iter_rows(min_row=1, max_row=10):
        texts = {c.column: str(c.value).strip() for c in row if c.value is not None}
        if "序号" in texts.values():
            return row[0].row, texts
    raise SystemExit(f"no header in {ws.title}")


def template(ledger, out, spec):
    wb = openpyxl.load_workbook(ledger)
    for sheet, seq, header, text in spec.get("fill", []):
        ws = wb[sheet]
        hr, texts = header_row(ws)
        col = next(c for c, t in texts.items() if t == header)
        seq_col = next(c for c, t in texts.items() if t == "序号")
        row = next(r for r in range(hr + 1, ws.max_row + 1) if str(ws.cell(r, seq_col).value).strip() == seq)
        ws.cell(row, col).value = text
    for sheet, seq, text in spec.get("measure", []):
        ws = wb[sheet]
        hr, texts = header_row(ws)
        seq_col = next(c for c, t in texts.items() if t == "序号")
        measure_col = next(c for c, t in texts.items() if t in ("主要任务", "工作措施"))
        row = next(r for r in range(hr + 1, ws.max_row + 1) if str(ws.cell(r, seq_col).value).strip() == seq)
        ws.cell(row, measure_col).value = text
    for sheet, cells in spec.get("add", []):
        ws = wb[sheet]
        hr, texts = header_row(ws)
        row = ws.max_row + 1
        for header, text in cells.items():
            ws.cell(row, next(c for c, t in texts.items() if t == header)).value = text
    wb.save(out)


def workbook(out, spec):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet in spec["sheets"]:
        ws = wb.create_sheet(sheet["name"])
        for row, col, text in sheet["rows"]:
            ws.cell(row, col).value = text
    wb.save(out)


def docx(out, spec):
    import docx as python_docx

    doc = python_docx.Document()
    for block in spec["blocks"]:
        if "p" in block:
            doc.add_paragraph(block["p"])
            continue
        rows = block["table"]
        table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if text:
                    table.cell(r, c).text = text
        for r1, c1, r2, c2 in block.get("merge", []):
            table.cell(r1, c1).merge(table.cell(r2, c2))
    doc.save(out)


def main(args):
    command = args[0]
    if command == "saved":
        set_saved(args[1], args[2])
        return
    if command == "template":
        ledger, out, spec_file = args[1:4]
        spec = json.load(open(spec_file, encoding="utf-8"))
        template(ledger, out, spec)
    else:
        out, spec_file = args[1:3]
        spec = json.load(open(spec_file, encoding="utf-8"))
        {"workbook": workbook, "docx": docx}[command](out, spec)
    if spec.get("saved"):
        set_saved(out, spec["saved"])


if __name__ == "__main__":
    main(sys.argv[1:])
