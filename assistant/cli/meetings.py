"""`boardqa meetings`: the meetings the papers hold, in date order, with their facts and where each was read."""
from __future__ import annotations

import json

import click

from ..errors import BoardQAError
from .checks import date_range
from .options import store_option, with_store

_SHOWN = (("start_time", "time"), ("place", "place"), ("chair", "chair"), ("vice_chair", "vice-chair"),
          ("apologies", "apologies"), ("substitutes", "substitutes"), ("interests", "interests"),
          ("closed", "closed"), ("contacts", "contact"), ("issued", "issued"))


@click.command()
@click.option("--committee", help="Only meetings of this body (substring match, any case).")
@click.option("--from", "date_from", help="Only meetings on or after this date (YYYY-MM-DD).")
@click.option("--to", "date_to", help="Only meetings on or before this date (YYYY-MM-DD).")
@click.option("--index-dir", help="Index folder (default: $BOARDQA_INDEX_DIR or index/).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array of meeting records.")
@store_option
def meetings(committee, date_from, date_to, index_dir, as_json, store) -> None:
    """Meetings in date order: body, date, time, place, chair, attendance, apologies, contact, agenda."""
    from ..indexing.stores import open_store
    from ..settings import Settings

    date_from, date_to = date_range(date_from, date_to)
    settings = with_store(Settings().with_(index_dir=index_dir), store)
    try:
        found = select(open_store(settings.index_dir, store=settings.store).meetings(), committee, date_from, date_to)
    except BoardQAError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps([m.public() for m in found], ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo("No meetings match — widen the dates or drop --committee.", err=True)
        return
    for m in found:
        click.echo(format_meeting(m))


def select(records: list, committee: str | None, date_from: str | None, date_to: str | None) -> list:
    """The records of one body and date range, in date order."""
    out = [m for m in records if (not committee or committee.lower() in m.committee.lower())
           and (not date_from or (m.meeting_date or "") >= date_from)
           and (not date_to or (m.meeting_date or "9999") <= date_to)]
    return sorted(out, key=lambda m: (m.meeting_date or "", m.committee))


def _value(v) -> str:
    if isinstance(v, list):
        if not v:
            return "none"
        return "; ".join(x.get("name") or x.get("who") or str(x) if isinstance(x, dict) else str(x) for x in v)
    if isinstance(v, dict):
        return ", ".join(str(x) for x in v.values() if x)
    return str(v)


def format_meeting(m) -> str:
    """One meeting as a person reads it in a terminal."""
    from ..papers.letters import enclosed
    from ..papers.meetings import FACTS

    lines = [f"{m.meeting_date or 'date unknown'} · {m.committee}"]
    for name, label in _SHOWN:
        f = getattr(m, name)
        if f is not None:
            text = _value(f.value)
            lines.append(f"  {label}: {text[:160]}{'…' if len(text) > 160 else ''}  ({f.source}, page {f.page})")
    for x in m.letters.value if m.letters else []:  # papers sent after the agenda, each under its own letter
        what = enclosed(x)
        lines.append(f"  sent {x['date']}: {what[:120]}{'…' if len(what) > 120 else ''}  ({x['source']}, page {x['page']})")
    others = [n for n in FACTS if getattr(m, n) is not None and n not in dict(_SHOWN) and n != "letters"]
    if others:
        lines.append(f"  also recorded: {', '.join(n.replace('_', ' ') for n in others)}")
    for a in m.agenda:
        pages = f" — page {a['page']}" if a.get("page") else ""
        lines.append(f"  {a['number']}. {a['title'][:90]}{pages}")
    return "\n".join(lines) + "\n"
