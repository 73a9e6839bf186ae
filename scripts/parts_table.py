"""How an index read its documents, as Markdown: every part (pack, PDF pages, type, date, title), the bodies,
and the pairs of parts linked as versions of one paper.

    python scripts/parts_table.py --index-dir /work/idx/parts2-cov [--versions] [--bodies]

Check the parts by hand against the PDFs (pypdf's text of each part's first page); the versions list is
what the build found (indexing/versions.py), each pair with its estimated similarity.
"""
from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from assistant.indexing.store import read_documents
from assistant.indexing.versions import similarity


def parts_rows(documents: list[dict]) -> list[str]:
    out = ["| pack | pages | type | date | part |", "|---|---|---|---|---|"]
    for d in sorted(documents, key=lambda d: (d.get("meeting_date") or "", d["source"])):
        for p in d.get("parts") or []:
            pages = str(p["first_page"]) if p["first_page"] == p["last_page"] else f"{p['first_page']}–{p['last_page']}"
            out.append(f"| {d['source']} | {pages} | {p['doc_type']} | {p.get('meeting_date') or '—'} | {p['title']} |")
    return out


def version_rows(documents: list[dict]) -> list[str]:
    by_source = {d["source"]: d for d in documents}
    out = ["| earlier | later | similarity |", "|---|---|---|"]
    for d in documents:
        for p in d.get("parts") or []:
            for v in p.get("versions") or []:
                if not v["later"]:
                    continue
                other = next((q for q in by_source[v["source"]].get("parts") or [] if q["first_page"] == v["first_page"]
                              and q["title"] == v["title"]), None)
                sim = similarity(p["minhash"], other["minhash"]) if other else float("nan")
                out.append(f"| {d['source']} p. {p['first_page']} ({p.get('committee') or d.get('committee')}, "
                           f"{p['meeting_date']}) | {v['source']} p. {v['first_page']} ({v['committee']}, "
                           f"{v['meeting_date']}) | {sim:.2f} |")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index-dir", required=True)
    ap.add_argument("--versions", action="store_true", help="the pairs of parts linked as versions")
    ap.add_argument("--bodies", action="store_true", help="documents per body")
    args = ap.parse_args()
    docs = read_documents(Path(args.index_dir))
    if args.bodies:
        for body, n in Counter(d.get("committee") or "unknown" for d in docs).most_common():
            print(f"- {body}: {n}")
    elif args.versions:
        print("\n".join(version_rows(docs)))
    else:
        print("\n".join(parts_rows(docs)))


if __name__ == "__main__":
    main()
