"""Lists the charts of an .xlsx as openpyxl (an independent reader) loads them, as JSON.

    python3 xlsx_charts.py FILE.xlsx

Output: {"SHEET": [{"type": "barChart", "bar_dir": "bar", "grouping": "stacked", "title": "…",
"series": [{"name": "ref", "categories": "ref", "values": "ref"}]}]}.
"""

import json
import sys

import openpyxl


def title_text(chart):
    title = chart.title
    if title is None or title.tx is None or title.tx.rich is None:
        return None
    return "".join(r.t for p in title.tx.rich.p for r in (p.r or []))


def ref(data):
    if data is None:
        return None
    for attr in ("numRef", "strRef"):
        r = getattr(data, attr, None)
        if r is not None:
            return r.f
    return None


def main(path):
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        charts = []
        for chart in ws._charts:
            charts.append({
                "type": chart.tagname,
                "bar_dir": getattr(chart, "barDir", None),
                "grouping": getattr(chart, "grouping", None),
                "title": title_text(chart),
                "series": [
                    {"name": s.tx.strRef.f if s.tx is not None and s.tx.strRef is not None else None,
                     "categories": ref(s.cat), "values": ref(s.val)}
                    for s in chart.series
                ],
            })
        out[ws.title] = charts
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
