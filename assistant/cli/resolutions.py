"""`boardqa resolutions`: what the bodies resolved, agreed and voted on, searchable and filterable."""
from __future__ import annotations

import json

import click

from ..errors import BoardQAError
from .options import store_option, with_store

@click.command()
@click.argument("query", required=False)
@click.option("--committee", help="Only records of this body (substring match, any case).")
@click.option("--from", "date_from", help="Only meetings on or after this date (YYYY-MM-DD).")
@click.option("--to", "date_to", help="Only meetings on or before this date (YYYY-MM-DD).")
@click.option("--index-dir", help="Index folder (default: $BOARDQA_INDEX_DIR or index/).")
@click.option("--k", default=10, show_default=True, help="Records to show when searching with a QUERY.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array of records.")
@store_option
def resolutions(query, committee, date_from, date_to, index_dir, k, as_json, store) -> None:
    """Resolutions, decisions and recorded votes: the most relevant to QUERY first, or all in date order."""
    from ..answers.decisions import search_resolutions
    from ..indexing.stores import open_store
    from ..settings import Settings

    from .checks import date_range, unmatched

    date_from, date_to = date_range(date_from, date_to)
    settings = with_store(Settings().with_(index_dir=index_dir), store)
    try:
        index = open_store(settings.index_dir, store=settings.store)
        problem = unmatched(index.documents(), committee, None, date_from, date_to)
        if problem:
            raise click.ClickException(problem)
        embedder = None
        if query and query.strip():
            from ..indexing.embed import Embedder

            embedder = Embedder.for_settings(settings.with_(model=index.manifest.get("model")))
        found = search_resolutions(index, embedder, query, committee=committee, date_from=date_from,
                                   date_to=date_to, k=k)
    except BoardQAError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps([r.public() for r in found], ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo("No resolutions match — widen the dates or drop --committee.", err=True)
        return
    for r in found:
        click.echo(format_record(r))


# A decision or proposed decision comes from its own decision notice; every other kind from minutes.
_PAPER = {"decision": "Record of decision", "proposed decision": "Proposed record of decision"}


def paper_of(r) -> str:
    """What the paper is, as a person names it: the minutes of the meeting the record comes from."""
    from ..text.normalise import long_date

    label = _PAPER.get(r.kind, "Minutes")
    return ", ".join(x for x in (label, r.committee, long_date(r.meeting_date)) if x)


def format_record(r) -> str:
    """One record as a person reads it in a terminal."""
    from ..papers.minutes import cite_page

    head = f"{r.meeting_date or 'date unknown'} · {r.committee} · item {r.item or '?'}"
    if r.item_title:
        head += f" {r.item_title}"
    text = " ".join(r.text.split())
    lines = [head, f"  {text[:400]}{'…' if len(text) > 400 else ''}"]
    if r.votes:
        v = r.votes
        lines.append(f"  vote: for {v.get('for')}, against {v.get('against')}, abstain {v.get('abstain')} — "
                     f"{v.get('outcome') or 'outcome not recorded'}")
    lines.append(f"  {paper_of(r)}, {cite_page(r.page, r.printed_page)} [{r.source}]")
    return "\n".join(lines) + "\n"
