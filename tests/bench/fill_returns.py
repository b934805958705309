"""Fills every exported unit file the way departments do, for the round benchmark (unmeasured).

    python3 fill_returns.py EXPORTED_DIR RETURNS_DIR

Every task row (one with a 台账通编号 key) gets a 进展情况 text of 40–160 characters, a 存在问题
text on about a third of the rows, a 下一步工作计划 text and a 完成状态 choice. The texts are
derived from the file name and the row, so the same exported files always give the same returns.
Columns are found by their header text in the row that holds 台账通编号.
"""

import os
import random
import sys

import openpyxl

PROGRESS = [
    "已召开专题推进会议，研究部署相关工作",
    "累计新增贷款{n}亿元，同比增长{p}%",
    "组织开展政银企对接活动{k}场，对接企业{m}户",
    "已印发实施方案并分解落实到各责任科室",
    "完成首贷培植企业名单梳理，涉及企业{m}户",
    "持续推进信用信息共享平台建设，归集数据{m}万条",
    "落实贴息资金{n}万元，惠及企业{k}家",
    "按季度调度工作进展，及时协调解决存在问题",
]
PROBLEMS = ["部分企业融资需求与银行准入条件不匹配", "数据共享机制尚不完善", "基层人员力量不足", "风险补偿资金到位较慢"]
PLANS = ["下一步将继续加大工作力度，确保按期完成", "持续跟踪调度，按月报送进展", "进一步完善工作机制，扩大覆盖面"]
STATUSES = ["已完成", "推进中", "推进中", "未启动", "长期坚持"]


def progress_text(rng):
    target = rng.randint(40, 160)
    parts = []
    while sum(len(p) + 1 for p in parts) < target:
        t = rng.choice(PROGRESS)
        parts.append(t.format(n=rng.randint(1, 90), p=rng.randint(2, 40), k=rng.randint(2, 30), m=rng.randint(10, 900)))
    return "；".join(parts) + "。"


def header_row(ws):
    for row in ws.iter_rows(min_row=1, max_row=30):
        for cell in row:
            if cell.value == "台账通编号":
                return cell.row
    return None


def fill(src, dst):
    wb = openpyxl.load_workbook(src)
    name = os.path.basename(src)
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        hr = header_row(ws)
        if hr is None:
            continue
        headers = {str(c.value): c.column for c in ws[hr] if c.value}
        key_col = headers["台账通编号"]
        for r in range(hr + 1, ws.max_row + 1):
            key = ws.cell(r, key_col).value
            if not key:
                continue
            rng = random.Random(f"{name}/{ws.title}/{key}")
            ws.cell(r, headers["进展情况"]).value = progress_text(rng)
            if rng.random() < 0.35:
                ws.cell(r, headers["存在问题"]).value = rng.choice(PROBLEMS)
            ws.cell(r, headers["下一步工作计划"]).value = rng.choice(PLANS)
            ws.cell(r, headers["完成状态"]).value = rng.choice(STATUSES)
    wb.save(dst)


def main(src_dir, dst_dir):
    os.makedirs(dst_dir, exist_ok=True)
    for name in sorted(os.listdir(src_dir)):
        if name.endswith(".xlsx"):
            fill(os.path.join(src_dir, name), os.path.join(dst_dir, name))


if __name__ == "__main__":
    main(*sys.argv[1:3])
