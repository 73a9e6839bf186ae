"""Options several `boardqa` commands share: which store holds the chunks, which council to read."""
from __future__ import annotations

import click

STORE_HELP = ("Where the chunks live: faiss (plain files in the index folder, the default), "
              "milvus-lite:PATH.db or milvus://HOST:PORT (default: $BOARDQA_STORE).")


def store_option(command):
    """`--store URI` (the manifest of an existing index says which engine it was built on)."""
    return click.option("--store", "store", default=None, metavar="URI", help=STORE_HELP)(command)


def council_option(command):
    """`--council NAME`: only papers of this council."""
    return click.option("--council", "council", default=None, help="Only papers of this council (any case).")(command)


def with_store(settings, store: str | None):
    """settings with the store asked for on the command line (None leaves $BOARDQA_STORE / faiss)."""
    from ..errors import StoreUnavailable
    from ..indexing.engine import parse_store

    if store is not None:
        try:
            parse_store(store)
        except StoreUnavailable as exc:
            raise click.BadParameter(str(exc), param_hint="--store") from exc
    return settings.with_(store=store)
