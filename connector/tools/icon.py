"""The connector's icon, drawn here: white rising bars and a spark on the brand colour.

Certification asks for a logo of about 160 x 160 pixels inside a 230 x 230 square with no rounded
edges, on a background that is neither white, transparent nor the default #007ee5, and that matches
`iconBrandColor`. The icon is drawn from `identity.BRAND_COLOR`, so a new colour gives a new icon;
the solution (`Connector/<name>_iconblob.Png`), paconn's `icon.png` and the README all use it.
"""

from __future__ import annotations

import io
import re
from functools import cache

from PIL import Image, ImageDraw

from connector.tools import identity

SIZE = 230  # the square, in pixels
LOGO = 160  # the logo's box inside it
_SCALE = 4  # drawn this many times larger, then averaged down: smooth edges, same bytes every time
_MARGIN = (SIZE - LOGO) // 2
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_WHITE = (255, 255, 255)


def rgb(colour: str) -> tuple[int, int, int]:
    """`#0f6cbd` -> (15, 108, 189)."""
    if not _COLOUR.fullmatch(colour):
        raise ValueError(f"a brand colour is #rrggbb, not {colour!r}")
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _box(x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
    """A box in the logo's coordinates (0 to 160) on the large canvas."""
    return tuple(round((_MARGIN + v) * _SCALE) for v in (x0, y0, x1, y1))  # type: ignore[return-value]


def _spark(draw: ImageDraw.ImageDraw, cx: float, cy: float, radius: float) -> None:
    """A four-pointed star: the "insight" above the bars."""
    waist = radius * 0.28
    points = [
        (cx, cy - radius),
        (cx + waist, cy - waist),
        (cx + radius, cy),
        (cx + waist, cy + waist),
        (cx, cy + radius),
        (cx - waist, cy + waist),
        (cx - radius, cy),
        (cx - waist, cy - waist),
    ]
    draw.polygon([((_MARGIN + x) * _SCALE, (_MARGIN + y) * _SCALE) for x, y in points], fill=_WHITE)


@cache
def icon_png(colour: str = identity.BRAND_COLOR) -> bytes:
    """The icon as PNG bytes: RGB (no transparency), SIZE x SIZE, background `colour`."""
    background = rgb(colour)
    image = Image.new("RGB", (SIZE * _SCALE, SIZE * _SCALE), background)
    draw = ImageDraw.Draw(image)
    bar, gap, floor = 36, 16, LOGO - 8
    radius = 6 * _SCALE
    for index, height in enumerate((56, 88, 120)):
        left = (LOGO - 3 * bar - 2 * gap) // 2 + index * (bar + gap)
        draw.rounded_rectangle(_box(left, floor - height, left + bar, floor), radius=radius, fill=_WHITE)
    draw.rectangle(_box(0, floor + 4, LOGO, floor + 12), fill=_WHITE)  # the base line
    _spark(draw, 28, 34, 26)
    small = image.resize((SIZE, SIZE), Image.Resampling.BOX)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()
