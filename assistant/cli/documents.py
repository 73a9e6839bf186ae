"""`boardqa documents`: every indexed document with the parts it was read as, so an officer can check a pack."""
from __future__ import annotations

import json

import click

from ..errors import BoardQAError


def document_rows(documents: list[dict]) -> list[dict]:
    """The documents of an index in the shape `--json` prints, each with its parts (1-based PDF pages)."""
    out = []
    for d in sorted(documents, key=lambda d: (d.get("meeting_date") or "", d.get("source") or "")):
        parts = [{"title": p.get("title", ""), "doc_type": p.get("doc_type", ""), "meeting_date": p.get("meeting_date"),
                  "first_page": p.get("first_page"), "last_page": p.get("last_page"),
                  "printed_first": p.get("printed_first"), "printed_last": p.get("printed_last"),
                  "item": p.get("item", ""),
                  # the same paper in another document, for another meeting (indexing/versions.py); only when found
                  **({"versions": [{k: v[k] for k in ("source", "first_page", "committee", "meeting_date", "later")}
                                   for v in p["versions"]]} if p.get("versions") else {})}
                 for p in d.get("parts") or []]
        out.append({"source": d.get("source", ""), "title": d.get("title", ""), "committee": d.get("committee", ""),
                    "meeting_date": d.get("meeting_date"), "doc_type": d.get("doc_type", ""), "parts": parts,
                    **({"copy_of": d["copy_of"]} if d.get("copy_of") else {})})
    return out


def _pages(p: dict) -> str:
    pages = f"p. {p['first_page']}" if p["first_page"] == p["last_page"] else f"pp. {p['first_page']}\u2013{p['last_page']}"
    if p.get("printed_first") and (p["printed_first"], p.get("printed_last")) != (p["first_page"], p["last_page"]):
        pages += f" (printed {p['printed_first']}\u2013{p.get('printed_last') or p['printed_first']})"
    return pages


@click.command()
@click.option("--index-dir", help="Index folder (default: $BOARDQA_INDEX_DIR or index/).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array of documents with their parts.")
def documents(index_dir, as_json) -> None:
    """Every document in the index and the parts it was read as: front sheet, minutes, reports, appendices."""
    from ..errors import IndexMissing
    from ..indexing.store import read_documents, read_manifest
    from ..settings import Settings

    from pathlib import Path

    folder = Path(Settings().with_(index_dir=index_dir).index_dir)
    try:
        if read_manifest(folder) is None:
            raise IndexMissing(folder)
        rows = document_rows(read_documents(folder))
    except BoardQAError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for d in rows:
        click.echo(f"{d['source']}\n  {d['committee'] or 'body unknown'} · {d['meeting_date'] or 'date unknown'} · {d['doc_type']}")
        if d.get("copy_of"):
            click.echo(f"  a copy of {d['copy_of']} (its body and date)")
        for p in d["parts"]:
            item = f"item {p['item']} · " if p["item"] else ""
            click.echo(f"    {_pages(p)}: {item}{p['title']}")
            for v in p.get("versions", []):
                click.echo(f"      {'later' if v['later'] else 'earlier'} version: {v['source']} p. {v['first_page']} "
                           f"({v['committee']}, {v['meeting_date']})")
