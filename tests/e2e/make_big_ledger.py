#!/usr/bin/env python3
"""Writes a city-scale ledger (default 20,000 tasks) for measuring the app's grid by hand.

    pip install openpyxl
    python3 tests/e2e/make_big_ledger.py /tmp/city-20000.xlsx 20000
"""
import random
import sys

import openpyxl

path = sys.argv[1] if len(sys.argv) > 1 else "city-20000.xlsx"
count = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
random.seed(1)
units = ["市财政局", "市金融办", "人民银行市分行", "市发改委", "市工信局", "市市场监管局", "市税务局", "各县区政府"]
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "重点任务"
ws.append(["2024年全市金融工作重点任务台账"])
ws.append(["序号", "重点任务", "工作措施", "牵头单位", "配合单位", "完成时限", "进展情况"])
for i in range(1, count + 1):
    ws.append([
        str(i),
        f"重点任务{i * 40 // (count + 1) + 1}",
        f"第{i}项措施：推动辖内银行业机构加大对小微企业信贷投放，提高首贷成功率和融资获得率，完善风险分担机制。",
        random.choice(units),
        "、".join(random.sample(units, 2)),
        f"2024年{random.randint(1, 12)}月底前",
        "",
    ])
wb.save(path)
