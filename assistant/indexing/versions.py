"""Copies and versions across documents: a copy takes the body and date its twin's folder gives, and
near-identical parts (a draft and its final version) are linked by MinHash of their word shingles.

A file saved twice under other names (`duplicates/… _1.pdf`) has the same pages as the original but
a path that says nothing of its meeting; it takes the body, date and parts of the copy that does.
A draft budget to Cabinet and the final budget to County Council repeat most paragraphs and tables:
their parts are linked (`versions` on each part, `version` on each chunk), so retrieval keeps the
later one's passage and an answer can say which version it quotes.
"""
from __future__ import annotations

import json
import re

import numpy as np

from ..records import Chunk
from ..text.bodies import UNKNOWN

SHINGLE = 5  # words per shingle: long enough that shared boilerplate sentences alone do not make two papers alike
PERMUTATIONS = 64  # MinHash functions: the estimate's standard error at J=0.5 is about 0.06
MIN_SHINGLES = 40  # a part with less text (a front sheet, a one-line cover) says nothing about identity
# estimated Jaccard of two parts' shingles to call them versions of one paper; measured on Kent (the
# pairs are in docs/readme/parts.md): the draft and final budget appendices score 0.45-1.0, the next
# pairs (two amendments, two EqIAs on one template, front sheets) 0.38 and under
SAME_PAPER = 0.45
# papers that are not drafts of one another however alike: a front sheet's standing items, minutes
# (a meeting's own record), amendments (each a proposal of its own), questions
NOT_VERSIONED = ("agenda", "minutes", "amendment", "questions")
_PRIME = (1 << 31) - 1
_rng = np.random.default_rng(20250213)  # fixed: signatures must be comparable across builds
_A = _rng.integers(1, _PRIME, PERMUTATIONS, dtype=np.int64)
_B = _rng.integers(0, _PRIME, PERMUTATIONS, dtype=np.int64)
_WORD = re.compile(r"[a-z]+|\d[\d,.]*\d|\d")


def signature(text: str) -> list[int] | None:
    """The MinHash signature of a text's 5-word shingles, figures folded, or None for too little text."""
    import zlib

    # figures folded to "#": a final version whose figures moved is still the same paper (measured: the
    # capital programme by directorate scores 0.34 with figures, 0.50 without)
    words = ["#" if w[0].isdigit() else w for w in _WORD.findall(text.lower())]
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1))}
    if len(shingles) < MIN_SHINGLES:
        return None
    h = np.fromiter((zlib.crc32(s.encode("utf-8")) % _PRIME for s in shingles), dtype=np.int64, count=len(shingles))
    return ((_A[:, None] * h[None, :] + _B[:, None]) % _PRIME).min(axis=1).tolist()


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of the shingle sets two signatures stand for."""
    return float(np.mean(np.asarray(a) == np.asarray(b)))


def path_told(rel: str) -> int:
    """How much a file's path says about its meeting: a date in it, a body in it (0-2).
    Of several names for the same bytes, the one that says most is the source."""
    from ..papers.structure import committee_of, file_date, folder_date
    from ..text.bodies import display

    body = display(committee_of(rel)) != UNKNOWN  # read from the name and folders only: no text is given
    return int(bool(file_date(rel) or folder_date(rel))) + int(body)


def _described(d: dict) -> tuple:
    return (d.get("committee") not in (None, "", UNKNOWN), bool(d.get("meeting_date")), path_told(d["source"]))


def link_copies(documents: list[dict]) -> int:
    """A document whose pages are all another's (the same paper saved under another name) and whose body
    or date is unknown takes them, and its parts, from the best-described copy; it is marked `copy_of`.
    Returns how many borrowed."""
    groups: dict[tuple, list[dict]] = {}
    for d in documents:
        if d.get("read_as"):  # what it was read as itself, before any copy lent it more: judged afresh
            d.update(d.pop("read_as"))
            d.pop("copy_of", None)
        hashes = tuple(d.get("page_hashes") or ())
        if hashes and all(hashes):
            groups.setdefault(hashes, []).append(d)
    n = 0
    for group in groups.values():
        if len(group) < 2:
            continue
        lead = max(group, key=lambda d: (_described(d), d["source"]))
        for d in group:
            if d is lead or _described(d)[:2] == (True, True):
                continue
            d["read_as"] = {"committee": d.get("committee"), "meeting_date": d.get("meeting_date"), "parts": d.get("parts")}
            d["committee"] = lead.get("committee") if d.get("committee") in (None, "", UNKNOWN) else d["committee"]
            d["meeting_date"] = d.get("meeting_date") or lead.get("meeting_date")
            d["parts"] = [dict(p) for p in lead.get("parts") or []]
            d["copy_of"] = lead["source"]
            n += 1
    return n


def link_versions(documents: list[dict]) -> list[dict]:
    """Link parts of different documents, for different meetings, that are near-identical: the earlier
    gets `versions` [{"later": True, …}] naming the later and the later one naming the earlier.
    Returns the pairs found (earlier, later, similarity), for the build summary and for checking."""
    for d in documents:  # a kept document's parts are its last generation's: links are made afresh on copies
        d["parts"] = [{k: v for k, v in p.items() if k != "versions"} for p in d.get("parts") or []]
    items = [(d, p) for d in documents if not d.get("copy_of") for p in d["parts"]
             if p.get("minhash") and p.get("doc_type") not in NOT_VERSIONED]
    if len(items) < 2:
        return []
    sigs = np.asarray([p["minhash"] for _, p in items], dtype=np.int64)
    found: list[tuple[float, int, int]] = []
    for i in range(len(items) - 1):
        same = (sigs[i + 1:] == sigs[i]).mean(axis=1)
        for j in np.nonzero(same >= SAME_PAPER)[0] + i + 1:
            (da, pa), (db, pb) = items[i], items[int(j)]
            if da["source"] == db["source"] or not pa.get("meeting_date") or not pb.get("meeting_date") \
                    or pa["meeting_date"] == pb["meeting_date"] or _meeting(da) == _meeting(db) is not None:
                continue  # the same paper twice for one meeting is a copy, which retrieval already folds
            found.append((float(same[j - i - 1]), i, int(j)))
    # each part is linked to its most alike version on either side only: an alternative budget built on
    # the draft is less like the draft than the final budget is
    best: dict[tuple[int, bool], float] = {}
    for sim, i, j in found:
        early, late = sorted((i, j), key=lambda n: items[n][1]["meeting_date"])
        for key in ((early, True), (late, False)):
            best[key] = max(best.get(key, 0.0), sim)
    pairs = []
    for sim, i, j in sorted(found, reverse=True):
        early, late = sorted((i, j), key=lambda n: items[n][1]["meeting_date"])
        if sim < best[(early, True)] or sim < best[(late, False)]:
            continue
        (de, pe), (dl, pl) = items[early], items[late]
        pe.setdefault("versions", []).append({**_about(dl, pl), "later": True})
        pl.setdefault("versions", []).append({**_about(de, pe), "later": False})
        pairs.append({"earlier": f"{de['source']} p. {pe['first_page']}", "later": f"{dl['source']} p. {pl['first_page']}",
                      "similarity": round(sim, 2)})
    return pairs


def _meeting(d: dict) -> str | None:
    """The meeting a document's folder names (cabinet/2025-01-30/): two papers under one are of one meeting."""
    from ..papers.structure import folder_date

    return folder_date(d["source"])


def _about(d: dict, p: dict) -> dict:
    return {"source": d["source"], "title": p.get("title", ""), "committee": p.get("committee") or d.get("committee", ""),
            "meeting_date": p.get("meeting_date"), "first_page": p.get("first_page")}


def restamp(chunk: Chunk, rec: dict) -> Chunk:
    """The chunk with what its document learnt from other documents: a copy's body, date and part title,
    and the other versions of its part (as JSON in `version`: {"later": {…}} and/or {"earlier": {…}})."""
    parts = rec.get("parts") or []
    part = next((p for p in parts if p.get("title") == chunk.part and p["first_page"] <= chunk.page <= p["last_page"]),
                None) or next((p for p in parts if p["first_page"] <= chunk.page <= p["last_page"]), None)
    changes: dict = {}
    if rec.get("copy_of") and part is not None:
        if chunk.committee in ("", UNKNOWN):
            changes["committee"] = part.get("committee") or rec.get("committee", chunk.committee)
        if not chunk.meeting_date:
            changes["meeting_date"] = part.get("meeting_date") or rec.get("meeting_date")
        changes["part"] = part.get("title", chunk.part)
    version = ""
    if part is not None and part.get("versions"):
        later = [v for v in part["versions"] if v["later"]]
        earlier = [v for v in part["versions"] if not v["later"]]
        held = {}
        if later:
            held["later"] = max(later, key=lambda v: v["meeting_date"])
        if earlier:
            held["earlier"] = max(earlier, key=lambda v: v["meeting_date"])
        version = json.dumps(held, ensure_ascii=False, sort_keys=True)
    if version != chunk.version:
        changes["version"] = version
    if not changes:
        return chunk
    from dataclasses import replace

    return replace(chunk, **changes)
