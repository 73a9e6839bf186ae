"""Rows of an unruled table whose cells wrap over many lines, each cell centred on its row's figures.

A reserves table prints each row's label and its "Details of key movements" over several lines, with
the figures on one line in the middle:

                  General Fund                               between 5% and 10% of net revenue …
        (including Commercial     -43.0    7.1    -35.9     considered to be from a minimal …
      Services General Fund)                                £11.1m contribution to repay …

Every line of a row that holds no figures is a *continuation*: its words sit left of the figure columns
(the label) or right of them (the text column), never over them. Each run of continuation words is
shared out among the figure rows it surrounds so that each row's cell is as evenly centred on the row's
figure line as it can be, which is how such tables are typeset.
"""
from __future__ import annotations

Cell = tuple[int, int, str]  # (start, end, text) of a cell in a layout line


def continues(cs: list[Cell], span: tuple[int, int]) -> bool:
    """True when a line's cells all stand clear of the figure columns (`span`: first start, last end)."""
    return bool(cs) and all(e < span[0] or s > span[1] for s, e, _ in cs)


def _centred(run: list[int], rows: list[int]) -> list[list[int]]:
    """`run` (line numbers, in order) cut into one contiguous piece per figure row in `rows`, each piece
    holding its row and as many of its lines above the row as below it."""
    at = [run.index(r) for r in rows]
    n, k = len(run), len(rows)

    def cost(i: int, a: int, b: int) -> float:  # row i's piece is run[a:b]
        # an even piece cannot be centred on a line: its figures fall on the upper middle line, the odd
        # line below them (as laid out); one more line above than below is the worse fit
        return ((b - 1 - at[i]) - (at[i] - a) - 0.5) ** 2

    starts: dict[int, tuple[float, list[int]]] = {0: (0.0, [])}  # a piece's start -> (cost so far, cuts)
    for i in range(k):
        nxt: dict[int, tuple[float, list[int]]] = {}
        ends = [n] if i == k - 1 else range(at[i] + 1, at[i + 1] + 1)
        for a, (c0, cuts) in starts.items():
            for b in ends:
                c = c0 + cost(i, a, b)
                if b not in nxt or c < nxt[b][0]:
                    nxt[b] = (c, cuts + [b])
        starts = nxt
    _, cuts = starts[n]
    bounds = [0] + cuts
    return [run[bounds[i]:bounds[i + 1]] for i in range(k)]


def share(lines: dict[int, str], rows: list[int]) -> tuple[dict[int, str], list[tuple[int, str]]]:
    """Each figure row's cell text (its own words and those of the lines centred on it), and the runs
    holding no figure row (a group heading such as "Earmarked Reserves"), as (first line, text)."""
    got: dict[int, str] = {}
    loose: list[tuple[int, str]] = []
    numbers = sorted(set(lines) | set(rows))
    runs: list[list[int]] = []
    for x in numbers:
        if runs and x == runs[-1][-1] + 1:
            runs[-1].append(x)
        else:
            runs.append([x])
    for run in runs:
        inside = [r for r in rows if r in run]
        if not inside:
            loose.append((run[0], " ".join(lines[x] for x in run if lines.get(x))))
            continue
        for r, piece in zip(inside, _centred(run, inside)):
            got[r] = " ".join(lines[x] for x in piece if lines.get(x))
    return got, loose
