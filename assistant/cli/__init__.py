"""The `boardqa` command line: index, ask, chat, resolutions."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from ..errors import BoardQAError
from .options import council_option, store_option, with_store


def _settings(index_dir: str | None):
    from ..settings import Settings

    s = Settings()
    return s.with_(index_dir=Path(index_dir) if index_dir else None)


@click.group()
@click.version_option(package_name="boardqa")
def main() -> None:
    """Ask questions of council board papers and get cited answers."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--index-dir", help="Index folder (default: $BOARDQA_INDEX_DIR or index/).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON summary on stdout (one per update with --watch).")
@click.option("--strict", is_flag=True, help="Exit non-zero when any file was skipped.")
@click.option("--workers", type=int, default=None, help="Parser processes (default: one per core).")
@click.option("--wait/--no-wait", default=True, show_default=True,
              help="When another `boardqa index` is updating the index, wait for it, or stop at once.")
@click.option("--ocr", is_flag=True, help="Run ocrmypdf on PDFs with no text layer (needs ocrmypdf and tesseract).")
@click.option("--file-timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Seconds one file may take to read before it is skipped (default 120).")
@click.option("--follow-links", is_flag=True, help="Also index files that symbolic links point to outside PATHS.")
@click.option("--watch", is_flag=True, help="Keep polling PATHS and update the index as packs arrive (Ctrl-C stops).")
@click.option("--interval", type=float, default=30.0, show_default=True, help="Seconds between polls with --watch.")
@click.option("--max-polls", type=int, default=None, hidden=True)  # lets tests run --watch for a few polls
@store_option
@click.option("--council", help="The council these packs belong to (default: the first folder under the corpus).")
def index(paths: tuple[Path, ...], index_dir: str | None, as_json: bool, strict: bool, workers: int | None,
          wait: bool, ocr: bool, file_timeout: float | None, follow_links: bool, watch: bool, interval: float,
          max_polls: int | None, store: str | None, council: str | None) -> None:
    """Index the packs under PATHS (default: $BOARDQA_CORPUS_DIR or corpus/)."""
    from ..indexing.build import build
    from ..indexing.build import watch as watch_corpus
    from ..papers.ingest import ocr_available

    settings = _settings(index_dir)
    roots = list(paths) or [settings.corpus_dir]
    for r in roots:
        if not r.exists():
            raise click.ClickException(f"{r} does not exist — put the PDFs in a folder and pass its path.")
    if ocr and not ocr_available():
        raise click.ClickException("--ocr needs ocrmypdf and tesseract, which are not installed here — "
                                   "`pip install ocrmypdf` and `apt-get install tesseract-ocr`, or drop --ocr.")
    settings = with_store(settings, store).with_(ocr=ocr or None, council=council, file_timeout=file_timeout,
                                                 follow_links=follow_links or None)

    def on_wait(holder: str) -> None:
        click.echo(f"Another `boardqa index` ({holder}) is updating {settings.index_dir}/ — waiting for it "
                   f"(Ctrl-C to stop, or use --no-wait).", err=True)

    def report(summary, always: bool = True) -> None:
        if not (always or summary.changed):
            return
        if as_json:
            click.echo(json.dumps(summary.to_json()))
        else:
            click.echo(f"{summary.documents} documents, {summary.pages} pages, {summary.chunks} chunks "
                       f"({summary.added} added, {summary.updated} updated, {summary.removed} removed, "
                       f"{summary.unchanged} unchanged, {summary.duplicates} duplicates; "
                       f"{summary.embedded_chunks} chunks embedded) in {summary.seconds:.1f}s")
            for s in summary.skipped:
                click.echo(f"skipped {s['path']}: {s['reason']}", err=True)

    bar = _progress_bar() if not as_json and sys.stderr.isatty() else None
    try:
        if watch:
            polls = [0]

            def on_summary(summary) -> None:
                if bar:
                    bar.close()
                polls[0] += 1
                report(summary, always=polls[0] == 1)

            if not as_json:
                click.echo(f"Watching {', '.join(map(str, roots))} every {interval:g}s — Ctrl-C to stop.", err=True)
            try:
                watch_corpus(roots, settings, interval=interval, on_summary=on_summary, max_polls=max_polls,
                             progress=bar, workers=workers, wait=wait, on_wait=on_wait)
            except KeyboardInterrupt:
                click.echo("Stopped watching.", err=True)
            return
        summary = build(roots, settings, progress=bar, workers=workers, wait=wait, on_wait=on_wait)
    except BoardQAError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if bar:
            bar.close()
    report(summary)
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


def _filters(committee, date_from, date_to, doc_type, council=None):
    from ..answers.retrieve import Filters

    return Filters(committee=committee, date_from=date_from, date_to=date_to, doc_type=doc_type, council=council)


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
@council_option
@store_option
def ask(question, index_dir, k, as_json, batch, committee, date_from, date_to, doc_type, council, store) -> None:
    """Answer QUESTION from the indexed papers, with citations."""
    from ..service import Assistant

    if not question and not batch:
        raise click.UsageError("Give a QUESTION or --batch FILE.")
    from .checks import date_range, unmatched

    date_from, date_to = date_range(date_from, date_to)
    assistant = Assistant(with_store(_settings(index_dir), store))
    filters = _filters(committee, date_from, date_to, doc_type, council)
    try:
        if filters.active():
            problem = unmatched(assistant.index.documents(), committee, doc_type, date_from, date_to)
            if problem:
                raise click.ClickException(problem)
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


@main.command()
@click.option("--index-dir", help="Index folder (default: $BOARDQA_INDEX_DIR or index/).")
@click.option("--k", default=10, show_default=True, help="Passages to consider.")
@store_option
def chat(index_dir: str | None, k: int, store: str | None) -> None:
    """A conversation in the terminal: follow-ups like "and in 2015/16?" are understood."""
    from ..service import Assistant

    assistant = Assistant(with_store(_settings(index_dir), store))
    history = []
    click.echo("Ask about the papers (empty line or Ctrl-D to stop).")
    while True:
        try:
            question = click.prompt("you", prompt_suffix="> ", default="", show_default=False)
        except (EOFError, click.Abort):
            break
        if not question.strip():
            break
        try:
            answer = assistant.ask(question, history=history, k=k)
        except BoardQAError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(format_answer(answer) + "\n")
        history.append(answer)


def format_answer(answer) -> str:
    """The answer and its numbered citations, as a person reads them in a terminal."""
    from ..answers.answer import pages_label

    lines = [answer.answer] + ([f"({answer.note})"] if answer.note else []) + [""]  # where it came from, under it
    if answer.resolved_question and answer.resolved_question != answer.question:
        lines.insert(0, f"(reading that as: {answer.resolved_question})")
    for c in answer.citations:
        body = f"{c.council.title()} {c.committee}" if c.council else c.committee
        lines.append(f"[{c.n}] {c.part or c.title} — {body}, meeting {c.meeting_date or 'date unknown'}, "
                     f"{pages_label(c)}" + (f" (printed page {c.printed_page})" if c.printed_page and c.printed_page != c.page else "")
                     + (f" [{c.source}]" if c.part else ""))
    if not answer.found and answer.passages:
        lines.append("Nearest passages:")
        for i, p in enumerate(answer.passages[:3], 1):
            c = p.chunk
            lines.append(f"  {i}. {c.title}, page {c.page}: {' '.join(c.text.split())[:160]}…")
    return "\n".join(lines)


from .resolutions import resolutions as _resolutions  # noqa: E402

main.add_command(_resolutions)
main.add_command(__import__("assistant.cli.evaluate", fromlist=["evaluate"]).evaluate)  # `boardqa eval`
from .documents import documents as _documents  # noqa: E402

main.add_command(_documents)
from .meetings import meetings as _meetings  # noqa: E402
main.add_command(_meetings)
