"""The app's two icons, from the connector's own (connector/tools/icon.py), so a new brand colour gives new ones.

- colour: 192 x 192, the connector's icon (the logo on the brand colour) scaled down;
- outline: 32 x 32, the logo alone in white on a transparent background: each pixel's opacity is how
  far the connector's icon moves from the brand colour towards white there.
"""

from __future__ import annotations

import io
from functools import cache

from PIL import Image

from connector.tools import identity
from connector.tools.icon import LOGO, SIZE, icon_png, rgb

COLOR_SIZE = 192
OUTLINE_SIZE = 32
_PADDING = 8  # around the logo's box, in the connector icon's pixels, so the outline does not touch the edge


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


@cache
def color_png(colour: str = identity.BRAND_COLOR) -> bytes:
    icon = Image.open(io.BytesIO(icon_png(colour))).convert("RGB")
    return _png(icon.resize((COLOR_SIZE, COLOR_SIZE), Image.Resampling.LANCZOS))


@cache
def outline_png(colour: str = identity.BRAND_COLOR) -> bytes:
    icon = Image.open(io.BytesIO(icon_png(colour))).convert("RGB")
    margin = (SIZE - LOGO) // 2 - _PADDING
    logo = icon.crop((margin, margin, SIZE - margin, SIZE - margin))
    background = rgb(colour)
    # The channel that is furthest from white in the background measures "how white" a pixel is.
    channel = min(range(3), key=lambda index: background[index])
    span = 255 - background[channel]
    alpha = logo.getchannel(channel).point(
        lambda value: max(0, min(255, round((value - background[channel]) * 255 / span)))
    )
    # The opacity is scaled alone, so every pixel stays white whatever its opacity.
    small = alpha.resize((OUTLINE_SIZE, OUTLINE_SIZE), Image.Resampling.BOX)
    outline = Image.new("RGBA", small.size, (255, 255, 255, 0))
    outline.putalpha(small)
    return _png(outline)
