"""Cell text from pdfium text runs: a figure pdfium split into runs, or whose bold digits it read apart, made whole."""
from __future__ import annotations

import re
from typing import Protocol


class Run(Protocol):
    """A run of characters on one line (grid.py's words), top-down page coordinates."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str


_FIGURE_CHARS = frozenset("0123456789.,")
_SPAN_CHARS = frozenset("-/")  # a year span split at its dash or slash ("2025-" "26", "2024" "/25")
_YEAR_END = re.compile(r"(?<!\d)(?:19|20)\d\d$")
SPLIT_GAP = 0.3  # runs of one figure this close (a share of the text height) are one figure: pdfium splits a
# figure's runs at a kerning or style change ("746.6" "8", "3" "0 Nov"); a space between words is about 0.5


def split_figure(p: Run | None, w: Run) -> bool:
    """Two runs that are one figure split by pdfium: digits either side and no space's gap between them."""
    if p is None:
        return False
    end, start = p.text[-1], w.text[0]
    span = (end in _SPAN_CHARS and _YEAR_END.search(p.text[:-1]) is not None and start.isdigit()) or (
        start in _SPAN_CHARS and w.text[1:2].isdigit() and _YEAR_END.search(p.text) is not None)  # not "5 -11"
    if not span and (end not in _FIGURE_CHARS or start not in _FIGURE_CHARS):
        return False
    gap, height = w.x0 - p.x1, max(p.bottom - p.top, w.bottom - w.top, 1.0)
    return -1.0 <= gap < SPLIT_GAP * height or (gap < 2 * SPLIT_GAP * height and "." in (end, start))


_SPACED = re.compile(r"[-–(£]*\d[\d, ]*\d\)?")
_GROUPED = re.compile(r"[-–(£]*\d{1,3}(?:,\d{3})+(?:\.\d+)?\)?")


def mend(cell: str) -> str:
    """A figure whose bold digits pdfium read as separate runs ("1,2 88,680", "376, 243") joined again:
    only when the joined digits group in threes and the pieces do not each stand as a figure."""
    if " " not in cell or not _SPACED.fullmatch(cell):
        return cell
    joined = cell.replace(" ", "")
    if not _GROUPED.fullmatch(joined) or all(_GROUPED.fullmatch(x) for x in cell.split()):
        return cell
    return joined
