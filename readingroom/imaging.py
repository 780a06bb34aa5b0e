"""Delivered page images: the requester and the date written visibly on every copy (faintly across
the page and plainly in a band added below it), and the redaction regions burned in solid black.
Works on a copy in memory; stored pages never change."""
from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont, ImageOps

DELIVERY_MAX = 3000  # longest side of a delivered page, in pixels
BAND_FRACTION = 0.045  # height of the watermark band, as a share of the page height


@dataclass(frozen=True)
class Box:
    """A rectangle in fractions of the page: x, y from the top left, width and height."""

    x: float
    y: float
    width: float
    height: float


@lru_cache(maxsize=1)
def font_path() -> str:
    import matplotlib

    return matplotlib.get_data_path() + "/fonts/ttf/DejaVuSans.ttf"


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path(), size=max(10, size))


def to_pixels(box: Box, width: int, height: int) -> tuple[int, int, int, int]:
    """Pixel corners (left, top, right, bottom) of a box, rounded outwards so nothing peeks out."""
    import math

    def px(value: float) -> float:
        return round(value, 6)  # 0.1 + 0.2 is 0.30000000000000004: no extra pixel for float noise

    left = max(0, math.floor(px(box.x * width)))
    top = max(0, math.floor(px(box.y * height)))
    right = min(width, math.ceil(px((box.x + box.width) * width)))
    bottom = min(height, math.ceil(px((box.y + box.height) * height)))
    return left, top, right, bottom


def faint_marks(img: Image.Image, text: str) -> Image.Image:
    """The text repeated faintly across the page, so that a crop does not remove it."""
    img = img.convert("RGB")
    width, height = img.size
    layer = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    faint = ImageDraw.Draw(layer)
    small = _font(max(12, width // 40))
    step_y = max(60, height // 6)
    for row, y in enumerate(range(step_y // 2, height, step_y)):
        x = (row % 2) * (width // 4)
        faint.text((x, y), text, fill=(90, 90, 90, 60), font=small)
    return Image.alpha_composite(img.convert("RGBA"), layer).convert("RGB")


def add_band(img: Image.Image, text: str) -> Image.Image:
    """A white band added below the page (nothing of the page is covered) with the text in dark grey."""
    width, height = img.size
    band = band_height(height)
    out = Image.new("RGB", (width, height + band), (255, 255, 255))
    out.paste(img.convert("RGB"), (0, 0))
    draw = ImageDraw.Draw(out)
    draw.line((0, height, width, height), fill=(120, 120, 120), width=max(1, band // 20))
    draw.text((band // 3, height + band // 5), text, fill=(30, 30, 30), font=_font(int(band * 0.55)))
    return out


def band_height(page_height: int) -> int:
    return max(24, int(page_height * BAND_FRACTION))


def watermark(img: Image.Image, text: str) -> Image.Image:
    return add_band(faint_marks(img, text), text)


def burn_redactions(img: Image.Image, boxes: Iterable[Box]) -> Image.Image:
    img = img.convert("RGB")
    draw = ImageDraw.Draw(img)
    for box in boxes:
        left, top, right, bottom = to_pixels(box, *img.size)
        if right > left and bottom > top:
            draw.rectangle((left, top, right - 1, bottom - 1), fill=(0, 0, 0))
    return img


def delivered_page(source, *, text: str, boxes: Iterable[Box] = ()) -> bytes:
    """JPEG bytes of a delivered page: scaled, marked faintly with the text, redacted (nothing is
    drawn over the black boxes afterwards), and given a band below the page with the text."""
    with Image.open(source) as opened:
        opened.load()
        img = ImageOps.exif_transpose(opened)
    img.thumbnail((DELIVERY_MAX, DELIVERY_MAX))
    img = faint_marks(img, text)
    img = burn_redactions(img, boxes)
    img = add_band(img, text)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=90, comment=text.encode("utf-8"))
    return out.getvalue()
