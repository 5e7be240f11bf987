"""The pictograms of child-friendly summaries, drawn in code so the PDF and the page show the same
picture with no image files to keep (R-CFS-1).

Each picture is bold line art on a 100 × 100 grid: thick dark strokes on white, with one yellow
accent, so it still reads when printed in black and white or photocopied. ``drawing()`` gives a
ReportLab Drawing for PDFs; ``svg()`` gives the same drawing as inline SVG for HTML pages, where
the picture is decorative (the page names it in words beside it).

An unknown key raises KeyError: a summary's pictures are checked against ``rules.PICTURES`` when
it is saved, so an unknown one here is a programming error, not something to hide.
"""

import math
import re
from functools import lru_cache

from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Path, Polygon, PolyLine, Rect
from reportlab.lib import colors

from portal.summaries import rules

DARK = colors.HexColor("#0b0c0c")
ACCENT = colors.HexColor("#ffdd00")
WHITE = colors.white
STROKE = 5
GRID = 100.0


def _style(shape, fill=WHITE, width=STROKE):
    shape.strokeColor = DARK
    shape.strokeWidth = width
    shape.strokeLineJoin = 1
    shape.strokeLineCap = 1
    if fill is not None:
        shape.fillColor = fill
    return shape


def _line(x1, y1, x2, y2, width=STROKE):
    return _style(Line(x1, y1, x2, y2), fill=None, width=width)


def _polyline(points, width=STROKE):
    return _style(PolyLine([c for p in points for c in p]), fill=None, width=width)


def _arc(cx, cy, rx, ry, start, end, steps=24):
    """Points along an ellipse from ``start`` to ``end`` degrees (either direction)."""
    return [
        (
            cx + rx * math.cos(math.radians(start + (end - start) * i / steps)),
            cy + ry * math.sin(math.radians(start + (end - start) * i / steps)),
        )
        for i in range(steps + 1)
    ]


def home():
    return [
        _style(Rect(20, 10, 60, 44)),
        _style(Polygon([8, 52, 50, 90, 92, 52])),
        _style(Rect(42, 10, 16, 26), fill=ACCENT),
        _style(Rect(25, 32, 10, 12)),
        _style(Rect(65, 32, 10, 12)),
    ]


def _person(x):
    """Head and shoulders, ``x`` the middle."""
    shoulders = Path()
    shoulders.moveTo(x - 18, 6)
    shoulders.lineTo(x - 18, 26)
    shoulders.curveTo(x - 18, 44, x + 18, 44, x + 18, 26)
    shoulders.lineTo(x + 18, 6)
    shoulders.closePath()
    return [_style(shoulders), _style(Circle(x, 56, 11))]


def people_talking():
    bubble = Path()
    bubble.moveTo(34, 96)
    bubble.lineTo(66, 96)
    bubble.lineTo(66, 78)
    bubble.lineTo(56, 78)
    bubble.lineTo(50, 70)
    bubble.lineTo(46, 78)
    bubble.lineTo(34, 78)
    bubble.closePath()
    return _person(22) + _person(78) + [_style(bubble, fill=ACCENT), _line(41, 87, 59, 87, width=4)]


def thumbs_up():
    thumb = Path()
    thumb.moveTo(42, 56)
    thumb.lineTo(46, 84)
    thumb.curveTo(47, 94, 62, 94, 61, 82)
    thumb.lineTo(60, 56)
    thumb.closePath()
    return [
        _style(thumb),
        _style(Rect(38, 12, 48, 46, rx=9, ry=9)),
        _style(Rect(12, 10, 22, 50, rx=3, ry=3), fill=ACCENT),
        _line(62, 24, 86, 24),
        _line(62, 35, 86, 35),
        _line(62, 46, 86, 46),
    ]


def arrow_up():
    return [_style(Polygon([38, 8, 62, 8, 62, 52, 84, 52, 50, 92, 16, 52, 38, 52]), fill=ACCENT)]


def calendar():
    shapes = [
        _style(Rect(10, 8, 80, 74, rx=6, ry=6)),
        _style(Rect(10, 62, 80, 20, rx=6, ry=6), fill=ACCENT),
        _line(30, 74, 30, 94),
        _line(70, 74, 70, 94),
    ]
    for row, y in enumerate((42, 22)):
        for column, x in enumerate((26, 44, 62, 80)):
            filled = row == 0 and column == 2
            shapes.append(_style(Rect(x - 6, y - 6, 12, 12), fill=DARK if filled else WHITE, width=3))
    return shapes


def worried_face():
    return [
        _style(Circle(50, 50, 42), fill=ACCENT),
        _style(Circle(35, 56, 5), fill=DARK),
        _style(Circle(65, 56, 5), fill=DARK),
        _line(24, 68, 40, 74),
        _line(76, 68, 60, 74),
        _polyline([(30, 28), (40, 35), (50, 28), (60, 35), (70, 28)]),
    ]


def helping_hands():
    heart = Path()
    heart.moveTo(50, 44)
    heart.curveTo(34, 56, 22, 66, 30, 80)
    heart.curveTo(37, 90, 48, 86, 50, 77)
    heart.curveTo(52, 86, 63, 90, 70, 80)
    heart.curveTo(78, 66, 66, 56, 50, 44)
    heart.closePath()
    hands = Path()
    hands.moveTo(6, 56)
    hands.curveTo(10, 30, 26, 12, 50, 12)
    hands.curveTo(74, 12, 90, 30, 94, 56)
    hands.lineTo(82, 52)
    hands.curveTo(76, 34, 66, 28, 50, 28)
    hands.curveTo(34, 28, 24, 34, 18, 52)
    hands.closePath()
    return [_style(heart, fill=ACCENT), _style(hands), _line(50, 12, 50, 28)]


def school():
    flag = Polygon([50, 96, 68, 91, 50, 86])
    return [
        _line(50, 78, 50, 96),
        _style(flag, fill=ACCENT, width=3),
        _style(Rect(14, 8, 72, 50)),
        _style(Polygon([8, 58, 50, 80, 92, 58])),
        _style(Rect(42, 8, 16, 24)),
        _style(Rect(22, 34, 12, 12)),
        _style(Rect(66, 34, 12, 12)),
        _style(Circle(50, 64, 5), width=3),
    ]


def health():
    cross = Polygon([38, 14, 62, 14, 62, 38, 86, 38, 86, 62, 62, 62, 62, 86, 38, 86, 38, 62, 14, 62, 14, 38, 38, 38])
    return [_style(Rect(4, 4, 92, 92, rx=16, ry=16)), _style(cross, fill=ACCENT)]


def star():
    points = []
    for i in range(10):
        radius = 44 if i % 2 == 0 else 18
        angle = math.radians(90 + 36 * i)
        points += [50 + radius * math.cos(angle), 48 + radius * math.sin(angle)]
    return [_style(Polygon(points), fill=ACCENT)]


def ear():
    outer = [*_arc(36, 60, 24, 32, 170, -60), (36, 24), (28, 10), (18, 16)]
    return [
        _style(Polygon([c for p in outer for c in p]), fill=ACCENT),
        _polyline(_arc(36, 62, 11, 14, 180, -40)),
        _polyline(_arc(36, 60, 48, 48, -30, 30, steps=8)),
        _polyline(_arc(36, 60, 60, 60, -35, 35, steps=8)),
    ]


def telephone():
    return [
        _style(Rect(28, 4, 44, 92, rx=9, ry=9)),
        _style(Rect(35, 22, 30, 58), fill=ACCENT, width=3),
        _style(Circle(50, 13, 4), fill=DARK, width=2),
        _line(44, 88, 56, 88, width=4),
    ]


DRAWERS = {
    "home": home,
    "people_talking": people_talking,
    "thumbs_up": thumbs_up,
    "arrow_up": arrow_up,
    "calendar": calendar,
    "worried_face": worried_face,
    "helping_hands": helping_hands,
    "school": school,
    "health": health,
    "star": star,
    "ear": ear,
    "telephone": telephone,
}
assert set(DRAWERS) == set(rules.PICTURES), "every picture a summary can choose must be drawn"


def drawing(key: str, size: float) -> Drawing:
    """The pictogram ``key`` as a square Drawing ``size`` points wide. Unknown keys raise KeyError."""
    scale = size / GRID
    picture = Drawing(size, size)
    picture.add(Group(*DRAWERS[key](), transform=(scale, 0, 0, scale, 0, 0)))
    return picture


_PROLOG = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)
# Comments, the placeholder title and description, and the clip path with its fixed ids: several
# pictures share a page, and ids must be unique in it.
_NOISE = re.compile(
    r"<!--.*?-->|<title>.*?</title>|<desc>.*?</desc>|<clipPath\b.*?</clipPath>|"
    r' id="group"| style="clip-path: url\(#clip\)"',
    re.DOTALL,
)


_STYLE = re.compile(r'\sstyle="([^"]*)"')


def _presentation_attributes(match: re.Match) -> str:
    """style="stroke: …; fill: …" as stroke="…" fill="…": the pages' Content-Security-Policy
    allows no inline styles, but SVG presentation attributes are not styles."""
    pairs = (part.split(":", 1) for part in match.group(1).split(";") if ":" in part)
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in pairs)


@lru_cache(maxsize=64)
def svg(key: str, size: int = 96) -> str:
    """The pictogram as inline SVG, marked decorative: the page gives its name in words."""
    text = renderSVG.drawToString(drawing(key, size))
    text = re.sub(r">\s+<", "><", _NOISE.sub("", _PROLOG.sub("", text, count=1))).strip()
    text = _STYLE.sub(_presentation_attributes, text)
    return text.replace("<svg ", '<svg class="app-pictogram" role="img" aria-hidden="true" focusable="false" ', 1)
