"""Reads a .docx with python-docx (an independent reader) and prints it as JSON.

    python3 read_docx.py FILE.docx

Output: {"paragraphs": [{"text", "align", "first_line_indent_pt", "runs": [{"text", "east_asia",
"ascii", "size_pt", "bold"}]}], "tables": [[[cell text, ...], ...]], "sections": [{"page_width_mm",
"page_height_mm", "top_mm", "bottom_mm", "left_mm", "right_mm", "footer", "even_footer",
"footer_fields"}], "even_and_odd_headers": bool, "fonts": [names in fontTable]}.
"""

import json
import sys

import docx
from docx.oxml.ns import qn


def mm(length):
    return None if length is None else round(length.mm, 1)


def run_info(run):
    fonts = run._element.rPr.rFonts if run._element.rPr is not None else None
    return {
        "text": run.text,
        "east_asia": fonts.get(qn("w:eastAsia")) if fonts is not None else None,
        "ascii": fonts.get(qn("w:ascii")) if fonts is not None else None,
        "size_pt": run.font.size.pt if run.font.size is not None else None,
        "bold": bool(run.bold),
    }


def footer_text(footer):
    return "".join(p.text for p in footer.paragraphs)


def main(path):
    d = docx.Document(path)
    paragraphs = []
    for p in d.paragraphs:
        indent = p.paragraph_format.first_line_indent
        paragraphs.append({
            "text": p.text,
            "align": str(p.alignment) if p.alignment is not None else None,
            "first_line_indent_pt": indent.pt if indent is not None else None,
            "runs": [run_info(r) for r in p.runs],
        })
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in d.tables]
    sections = []
    for s in d.sections:
        fields = [i.text for i in s.footer._element.iter(qn("w:instrText"))]
        sections.append({
            "page_width_mm": mm(s.page_width),
            "page_height_mm": mm(s.page_height),
            "top_mm": mm(s.top_margin),
            "bottom_mm": mm(s.bottom_margin),
            "left_mm": mm(s.left_margin),
            "right_mm": mm(s.right_margin),
            "footer": footer_text(s.footer),
            "even_footer": footer_text(s.even_page_footer),
            "footer_fields": fields,
        })
    settings = d.settings.element
    even_odd = settings.find(qn("w:evenAndOddHeaders")) is not None
    font_names = []
    for rel in d.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            from lxml import etree
            root = etree.fromstring(rel.target_part.blob)
            font_names = [f.get(qn("w:name")) for f in root.iter(qn("w:font"))]
    print(json.dumps({
        "paragraphs": paragraphs,
        "tables": tables,
        "sections": sections,
        "even_and_odd_headers": even_odd,
        "fonts": font_names,
    }, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
