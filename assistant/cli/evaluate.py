"""`boardqa eval`: answer a gold question set (or read saved answers) and score it, overall and per type and split."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import BoardQAError
from .options import store_option, with_store

SHOWN = ("recall@1", "recall@5", "mrr@10", "answer_accuracy", "false_abstention", "abstention_accuracy", "questions")


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--index-dir", help="Index folder (default: $BOARDQA_INDEX_DIR or index/).")
@click.option("--answers", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Score this saved answers file (`ask --batch --json` lines) instead of answering.")
@click.option("--save", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the answers, one JSON line each, as `ask --batch --json` does.")
@click.option("--k", default=10, show_default=True, help="Passages to return per question.")
@click.option("--json", "as_json", is_flag=True, help='Print {"overall", "by_type", "by_split", "by_variant"} as JSON.')
@click.option("--misses", is_flag=True, help="List each miss: its rank, what was wanted and what was said.")
@store_option
def evaluate(gold: Path, index_dir: str | None, answers: Path | None, save: Path | None, k: int, as_json: bool,
             misses: bool, store: str | None) -> None:
    """Score the answers to the questions in GOLD (JSONL: id, question, answerable, answer_patterns,
    evidence, type, and optionally split and variant) with the shared scorer's rules."""
    from ..answers.evaluate import read_jsonl, report, run, score

    try:
        golds = read_jsonl(gold)
        if answers:
            replies = {r["id"]: r for r in read_jsonl(answers)}
        else:
            from ..service import Assistant
            from ..settings import Settings

            assistant = Assistant(with_store(Settings().with_(index_dir=Path(index_dir) if index_dir else None), store))
            replies = run(golds, lambda question: assistant.ask(question, k=k))
    except (BoardQAError, json.JSONDecodeError, KeyError) as exc:
        raise click.ClickException(f"{exc} — GOLD and --answers must be JSONL files with an \"id\" on every line.") \
            from exc
    if save:
        save.write_text("".join(json.dumps(replies[g["id"]], ensure_ascii=False) + "\n" for g in golds
                                if g["id"] in replies), encoding="utf-8")
    figures = report(golds, replies)
    if misses:
        for m in score(golds, replies)[1]:
            click.echo(m.line())
    if as_json:
        click.echo(json.dumps(figures))
        return
    click.echo(f"{'':26s} " + " ".join(f"{k:>19s}" for k in SHOWN))
    click.echo(_row("overall", figures["overall"]))
    for group in ("split", "type", "variant"):
        for value, m in figures.get(f"by_{group}", {}).items():
            click.echo(_row(f"{group}={value}", m))


def _row(name: str, m: dict) -> str:
    return f"{name:26s} " + " ".join(f"{m[k]:>19}" for k in SHOWN)
