"""The `boardqa` command line: index, ask, chat, resolutions."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from .errors import BoardQAError


def _settings(index_dir: str | None):
    from .settings import Settings

    s = Settings()
    return s.with_(index_dir=Path(index_dir) if index_dir else None)


@click.group()
@click.version_option(package_name="boardqa")
def main() -> None:
    """Ask questions of council board papers and get cited answers."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--index-dir", help="Index folder (default: $BOARDQA_INDEX_DIR or index/).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON summary on stdout.")
@click.option("--strict", is_flag=True, help="Exit non-zero when any file was skipped.")
@click.option("--workers", type=int, default=None, help="Parser processes (default: one per core).")
def index(paths: tuple[Path, ...], index_dir: str | None, as_json: bool, strict: bool, workers: int | None) -> None:
    """Index the packs under PATHS (default: $BOARDQA_CORPUS_DIR or corpus/)."""
    from .build import build

    settings = _settings(index_dir)
    roots = list(paths) or [settings.corpus_dir]
    for r in roots:
        if not r.exists():
            raise click.ClickException(f"{r} does not exist — put the PDFs in a folder and pass its path.")
    bar = _progress_bar() if not as_json and sys.stderr.isatty() else None
    try:
        summary = build(roots, settings, progress=bar, workers=workers)
    except BoardQAError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if bar:
            bar.close()
    if as_json:
        click.echo(json.dumps(summary.to_json()))
    else:
        click.echo(f"{summary.documents} documents, {summary.pages} pages, {summary.chunks} chunks "
                   f"({summary.added} added, {summary.updated} updated, {summary.removed} removed, "
                   f"{summary.unchanged} unchanged, {summary.duplicates} duplicates; "
                   f"{summary.embedded_chunks} chunks embedded) in {summary.seconds:.1f}s")
        for s in summary.skipped:
            click.echo(f"skipped {s['path']}: {s['reason']}", err=True)
    if strict and summary.skipped:
        sys.exit(1)


class _progress_bar:
    """A terminal progress bar per stage, on stderr."""

    def __init__(self):
        self._bar, self._stage = None, None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self._stage:
            self.close()
            self._stage = stage
            self._bar = click.progressbar(length=total, label=f"{stage:>6}", file=sys.stderr)
            self._bar.__enter__()
            self._done = 0
        self._bar.update(done - self._done)
        self._done = done

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


def _filters(committee, date_from, date_to, doc_type):
    from .retrieve import Filters

    return Filters(committee=committee, date_from=date_from, date_to=date_to, doc_type=doc_type)


@main.command()
@click.argument("question", required=False)
@click.option("--index-dir", help="Index folder (default: $BOARDQA_INDEX_DIR or index/).")
@click.option("--k", default=10, show_default=True, help="Passages to return.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--batch", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A JSONL file of {\"id\", \"question\"} lines; prints one JSON line each.")
@click.option("--committee", help="Only passages from this body (substring match).")
@click.option("--from", "date_from", help="Only meetings on or after this date (YYYY-MM-DD).")
@click.option("--to", "date_to", help="Only meetings on or before this date (YYYY-MM-DD).")
@click.option("--type", "doc_type", help="Only this document type (minutes, report, agenda, ...).")
def ask(question, index_dir, k, as_json, batch, committee, date_from, date_to, doc_type) -> None:
    """Answer QUESTION from the indexed papers, with citations."""
    from .service import Assistant

    if not question and not batch:
        raise click.UsageError("Give a QUESTION or --batch FILE.")
    assistant = Assistant(_settings(index_dir))
    filters = _filters(committee, date_from, date_to, doc_type)
    try:
        if batch:
            for line in batch.read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                item = json.loads(line)
                answer = assistant.ask(item["question"], k=k, filters=filters)
                click.echo(json.dumps({"id": item.get("id"), **answer.to_json()}, ensure_ascii=False))
            return
        answer = assistant.ask(question, k=k, filters=filters)
    except BoardQAError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_answer(answer))


def format_answer(answer) -> str:
    """The answer and its numbered citations, as a person reads them in a terminal."""
    lines = [answer.answer, ""]
    for c in answer.citations:
        lines.append(f"[{c.n}] {c.title} — {c.committee}, meeting {c.meeting_date or 'date unknown'}, page {c.page}"
                     + (f" (printed page {c.printed_page})" if c.printed_page and c.printed_page != c.page else ""))
    if not answer.found and answer.passages:
        lines.append("Nearest passages:")
        for i, p in enumerate(answer.passages[:3], 1):
            c = p.chunk
            lines.append(f"  {i}. {c.title}, page {c.page}: {' '.join(c.text.split())[:160]}…")
    return "\n".join(lines)
