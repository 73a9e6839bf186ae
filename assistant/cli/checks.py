"""Filters given on the command line, checked before use: a date in the wrong form is an error saying the
form, and a committee, type or date range that matches no paper says so and lists what there is."""
from __future__ import annotations

import datetime as dt
import re

import click

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SHOWN = 25  # committees or types listed in a message; the rest are counted


def date_option(value: str | None, flag: str) -> str | None:
    """The date as given when it is a real YYYY-MM-DD date; else click.BadParameter naming the form."""
    if value is None:
        return None
    try:
        if not _ISO.match(value.strip()):
            raise ValueError
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date — write it as YYYY-MM-DD, e.g. 2015-04-01.",
                                 param_hint=flag) from None


def date_range(date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    """Both dates checked, and in order."""
    lo, hi = date_option(date_from, "--from"), date_option(date_to, "--to")
    if lo and hi and lo > hi:
        raise click.BadParameter(f"--from {lo} is after --to {hi} — swap them.", param_hint="--from")
    return lo, hi


def _listed(values: list[str]) -> str:
    more = f" and {len(values) - SHOWN} more" if len(values) > SHOWN else ""
    return ", ".join(values[:SHOWN]) + more


def unmatched(documents: list[dict], committee: str | None = None, doc_type: str | None = None,
              date_from: str | None = None, date_to: str | None = None) -> str | None:
    """Why no indexed paper passes these filters, naming what exists; None when some paper does.

    Matching is the retriever's: committee as a substring in any case, type exactly, dates inclusive.
    """
    def ok(d: dict, which: str) -> bool:
        if which == "committee":
            return not committee or committee.lower() in (d.get("committee") or "").lower()
        if which == "type":
            return not doc_type or doc_type.lower() == (d.get("doc_type") or "").lower()
        date = d.get("meeting_date") or ""
        return (not date_from or (date and date >= date_from)) and (not date_to or (date and date <= date_to))

    if committee and not any(ok(d, "committee") for d in documents):
        names = sorted({d.get("committee") for d in documents if d.get("committee")})
        return f"No indexed paper is from a body matching {committee!r}. The bodies are: {_listed(names)}."
    if doc_type and not any(ok(d, "type") for d in documents):
        kinds = sorted({d.get("doc_type") for d in documents if d.get("doc_type")})
        return f"No indexed paper is of type {doc_type!r}. The types are: {_listed(kinds)}."
    if (date_from or date_to) and not any(ok(d, "dates") for d in documents):
        dates = sorted(d["meeting_date"] for d in documents if d.get("meeting_date"))
        span = f"meetings run from {dates[0]} to {dates[-1]}" if dates else "no paper has a meeting date"
        return f"No indexed paper has a meeting {_span(date_from, date_to)}; {span}."
    if not any(all(ok(d, w) for w in ("committee", "type", "dates")) for d in documents):
        return "Each filter matches some papers, but no paper matches them all together — drop one."
    return None


def _span(date_from: str | None, date_to: str | None) -> str:
    if date_from and date_to:
        return f"between {date_from} and {date_to}"
    return f"on or after {date_from}" if date_from else f"on or before {date_to}"
