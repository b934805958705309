"""A reporting round done by a plain openpyxl script, the way an office automates it today.

    python3 openpyxl_round.py ROUND_DIR

ROUND_DIR is a folder the round benchmark (`cargo bench --bench compare`) prepared: master.xlsx
(the generated ledger), units.json (which 序号 go to which unit, the same split the engine made),
returns/ (the units' filled-in files). The script

1. import:      opens the master, finds the header row (序号), reads every task row and fills the
                merged 重点任务 cells down;
2. export:      writes one workbook per unit with its rows: a title, the header copied with its
                fonts, borders and fills, the column widths, wrapped and bordered cells, a 完成状态
                column, and the 重点任务 runs merged again;
3. collect:     opens every returned file, finds its header row and merges 进展情况, 存在问题,
                下一步工作计划 and 完成状态 back by 序号 (one "【单位】text" line per unit);
4. consolidate: writes those values into the master workbook it opened and saves it as 汇总.xlsx.

Each phase prints `TAIZHANG_PHASE\topenpyxl\t{phase}\t{seconds}\t{peak KiB}\t{reset}\t{CPU seconds}`:
wall time, the peak RSS during the phase (VmHWM after resetting it through /proc/self/clear_refs;
when the reset is refused, the process peak so far) and the CPU time.
"""

import copy
import json
import os
import sys
import time

import openpyxl
from openpyxl.styles import Alignment, Border, Side

FILL_IN = ["进展情况", "存在问题", "下一步工作计划", "完成状态"]
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def peak_kib():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def phase(name, fn):
    reset = reset_peak()
    start, cpu_start = time.perf_counter(), time.process_time()
    value = fn()
    secs, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(f"TAIZHANG_PHASE\topenpyxl\t{name}\t{secs:.6f}\t{peak_kib()}\t{str(reset).lower()}\t{cpu:.3f}", flush=True)
    return value


def seq_text(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def find_header(ws, text="序号"):
    for row in ws.iter_rows(min_row=1, max_row=30):
        for cell in row:
            if cell.value == text:
                return cell.row
    raise SystemExit(f"no {text} header on sheet {ws.title}")


def read_master(path):
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    hr = find_header(ws)
    header = [c.value for c in ws[hr]]
    # Fill merged cells (the 重点任务 groups) down so every row has its category.
    fill = {}
    for rng in ws.merged_cells.ranges:
        if rng.min_row > hr:
            value = ws.cell(rng.min_row, rng.min_col).value
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    fill[(r, c)] = value
    rows = []
    for r, row in enumerate(ws.iter_rows(min_row=hr + 1, values_only=True), start=hr + 1):
        values = [fill.get((r, c), v) for c, v in enumerate(row, start=1)]
        if any(v not in (None, "") for v in values):
            rows.append(values)
    title = next((ws.cell(r, 1).value for r in range(1, hr) if ws.cell(r, 1).value and r > 1), "台账")
    return {"wb": wb, "ws": ws, "hr": hr, "header": header, "rows": rows, "title": title}


def write_units(master, units, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    src, hr = master["ws"], master["hr"]
    header = master["header"] + ["完成状态"]
    ncols = len(header)
    by_seq = {seq_text(r[0]): r for r in master["rows"]}
    widths = {k: v.width for k, v in src.column_dimensions.items()}
    for unit in units:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "重点任务台账"
        ws.cell(1, 1).value = f"{master['title']}（{unit['unit']}）"
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
        ws.cell(1, 1).alignment = Alignment(horizontal="center")
        for c, text in enumerate(header, start=1):
            cell = ws.cell(2, c)
            cell.value = text
            model = src.cell(hr, min(c, len(master["header"])))
            cell.font = copy.copy(model.font)
            cell.border = copy.copy(model.border)
            cell.fill = copy.copy(model.fill)
            cell.alignment = copy.copy(model.alignment)
        for letter, width in widths.items():
            ws.column_dimensions[letter].width = width
        run_start, run_value = None, None
        r = 2
        for seq in unit["seqs"]:
            r += 1
            row = by_seq[seq]
            for c in range(1, ncols + 1):
                cell = ws.cell(r, c)
                cell.value = row[c - 1] if c <= len(row) else None
                cell.border = BOX
                cell.alignment = WRAP
            # Merge runs of the same 重点任务 again.
            if row[1] != run_value:
                if run_start is not None and r - 1 > run_start:
                    ws.merge_cells(start_row=run_start, start_column=2, end_row=r - 1, end_column=2)
                run_start, run_value = r, row[1]
        if run_start is not None and r > run_start:
            ws.merge_cells(start_row=run_start, start_column=2, end_row=r, end_column=2)
        ws.print_title_rows = "2:2"
        ws.page_setup.orientation = "landscape"
        wb.save(os.path.join(out_dir, unit["file"]))


def collect(returns_dir, units):
    unit_of = {u["file"]: u["unit"] for u in units}
    values = {}
    for name in sorted(os.listdir(returns_dir)):
        if not name.endswith(".xlsx"):
            continue
        unit = unit_of.get(name, os.path.splitext(name)[0])
        wb = openpyxl.load_workbook(os.path.join(returns_dir, name))
        ws = wb.worksheets[0]
        hr = find_header(ws)
        cols = {c.value: c.column for c in ws[hr] if c.value}
        seq_col = cols["序号"]
        for r in range(hr + 1, ws.max_row + 1):
            seq = seq_text(ws.cell(r, seq_col).value)
            if not seq:
                continue
            for head in FILL_IN:
                if head not in cols:
                    continue
                text = ws.cell(r, cols[head]).value
                if text not in (None, ""):
                    values.setdefault(seq, {}).setdefault(head, []).append((unit, str(text)))
    return values


def consolidate(master, values, path):
    ws, hr = master["ws"], master["hr"]
    cols = {c.value: c.column for c in ws[hr] if c.value}
    if "完成状态" not in cols:
        status_col = ws.max_column + 1
        cell = ws.cell(hr, status_col)
        cell.value = "完成状态"
        model = ws.cell(hr, status_col - 1)
        cell.font, cell.border, cell.alignment = copy.copy(model.font), copy.copy(model.border), copy.copy(model.alignment)
        cols["完成状态"] = status_col
    for r in range(hr + 1, ws.max_row + 1):
        reported = values.get(seq_text(ws.cell(r, cols["序号"]).value))
        if not reported:
            continue
        for head, entries in reported.items():
            text = entries[0][1] if len(entries) == 1 else "\n".join(f"【{u}】{t}" for u, t in entries)
            cell = ws.cell(r, cols[head])
            cell.value = text
            cell.border = BOX
            cell.alignment = WRAP
    master["wb"].save(path)


def main(root):
    with open(os.path.join(root, "units.json"), encoding="utf-8") as f:
        units = json.load(f)
    out = os.path.join(root, "openpyxl")
    master = phase("import", lambda: read_master(os.path.join(root, "master.xlsx")))
    phase("export", lambda: write_units(master, units, os.path.join(out, "units")))
    values = phase("collect", lambda: collect(os.path.join(root, "returns"), units))
    phase("consolidate", lambda: consolidate(master, values, os.path.join(out, "汇总.xlsx")))
    if len(values) != len(master["rows"]):
        raise SystemExit(f"collected values for {len(values)} of {len(master['rows'])} tasks")


if __name__ == "__main__":
    main(sys.argv[1])
