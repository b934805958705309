#!/usr/bin/env python3
"""Draws the 台账通 icon set (RGBA PNGs, .ico, .icns) into this folder.

A blue rounded square with a white 台 and three ledger rules under it. Needs Pillow
(`pip install pillow`) and the Noto Sans CJK font (Debian: fonts-noto-cjk). The generated files
are committed; run this only to change the design: `python3 assets/icons/make_icons.py`.
"""
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
SC_INDEX = 2  # the .ttc holds JP, KR, SC, TC, HK faces; SC draws 台 in the mainland form
BLUE = (31, 95, 191, 255)
WHITE = (255, 255, 255, 255)
RULE = (255, 255, 255, 170)


def draw(size: int) -> Image.Image:
    scale = 4  # draw large, then downsample for smooth edges
    s = size * scale
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    pad = round(s * 0.04)
    d.rounded_rectangle([pad, pad, s - pad, s - pad], radius=round(s * 0.2), fill=BLUE)
    font = ImageFont.truetype(FONT, round(s * 0.50), index=SC_INDEX)
    box = d.textbbox((0, 0), "台", font=font)
    w, h = box[2] - box[0], box[3] - box[1]
    d.text(((s - w) / 2 - box[0], s * 0.38 - h / 2 - box[1]), "台", font=font, fill=WHITE)
    left, right = round(s * 0.22), round(s * 0.78)
    for i, y in enumerate((0.72, 0.79, 0.86)):
        width = max(scale, round(s * 0.025))
        r = right if i < 2 else round(s * 0.6)
        d.rounded_rectangle([left, round(s * y), r, round(s * y) + width], radius=width // 2, fill=RULE)
    return img.resize((size, size), Image.LANCZOS)


def main() -> None:
    big = draw(1024)
    for name, size in [("32x32.png", 32), ("64x64.png", 64), ("128x128.png", 128), ("128x128@2x.png", 256),
                       ("icon.png", 512)]:
        img = big if size == 1024 else draw(size)
        img.save(HERE / name)
        assert Image.open(HERE / name).mode == "RGBA", name
    big.save(HERE / "icon.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    big.save(HERE / "icon.icns")


if __name__ == "__main__":
    main()
