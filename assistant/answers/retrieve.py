"""Hybrid retrieval: dense and lexical (BM25) rankings from the store (FAISS or Milvus) fused by reciprocal rank, then
re-scored on the best few dozen (how much of the question a chunk and its best sentence hold,
adjacent term pairs, the kind of thing asked for), nudged by the years and bodies a question
names, and given their neighbouring lines as context. The weights are in Settings and were
tuned on the dev sets (recall@5 / MRR@10 over Coventry and Kent together)."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from ..indexing.engine import Filters, Store  # noqa: F401  (Filters is imported from here too)
from ..records import Chunk, Passage
from ..settings import Settings
from ..text.normalise import fold_numbers, tokens, years_in
from ..text.synonyms import share
from .query import Query, read
from .question import holds
from .sentences import units
from . import versions


class Retriever:
    """Finds the passages that best answer a question in one loaded index."""

    def __init__(self, index: Store, embedder, settings: Settings):
        self.index, self.embedder, self.settings = index, embedder, settings

    def search(self, q: Query, k: int = 10, filters: Filters | None = None,
               query_vec: np.ndarray | None = None, tables_to: int = 0) -> list[Passage]:
        """The k best passages; with `tables_to`, followed by the table chunks ranked below them down to that
        rank (a table's row can rank below prose that repeats its words)."""
        s = self.settings
        n = self.index.size
        if n == 0:
            return []
        qv = query_vec if query_vec is not None else self.embedder.embed_query(q.embed_text)
        cand = s.candidates
        weights, alts = q.weights, q.alternatives  # "gap" may be written "shortfall"
        dense_ids, dense_scores = self.index.search_dense(qv, cand, filters)  # filters are applied by the engine
        lex_ids, lex_scores = self.index.search_lexical(q.terms, alts, cand, filters)
        lex = dict(zip(lex_ids.tolist(), lex_scores.tolist()))
        fused: dict[int, float] = {}
        dense_of = dict(zip(dense_ids.tolist(), dense_scores.tolist()))
        for rank, cid in enumerate(dense_ids[:cand].tolist()):
            fused[cid] = fused.get(cid, 0.0) + s.dense_weight / (s.rrf_k + rank + 1)
        for rank, cid in enumerate(lex_ids.tolist()):
            fused[cid] = fused.get(cid, 0.0) + (1 - s.dense_weight) / (s.rrf_k + rank + 1)
        if not fused:
            return []
        ids = sorted(fused, key=fused.get, reverse=True)[: max(k * 3, 30)]
        chunks = self.index.chunks(ids)
        qdense = {cid: dense_of.get(cid) for cid in ids}
        missing = [cid for cid in ids if qdense[cid] is None]
        if missing:
            for cid, v in zip(missing, self.index.vectors_of(missing) @ qv):
                qdense[cid] = float(v)
        prefs = _Prefs(years=q.years, bodies=q.bodies, earlier=q.earlier, month_years=q.month_years)
        asked, pairs = q.kind, q.pairs
        top = max(fused.values())
        scored = []
        for cid, chunk in zip(ids, chunks):
            coverage, best_unit, phrase = _coverage(chunk, weights, pairs, asked, alts)
            score = (s.w_fused * fused[cid] / top + s.w_dense * float(qdense[cid]) + s.w_coverage * coverage
                     + s.w_sentence * best_unit + s.w_phrase * phrase) * _boost(chunk, prefs)
            scored.append((cid, Passage(chunk=chunk, score=score, dense=float(qdense[cid]), lexical=float(lex.get(cid, 0.0)))))
        scored.sort(key=lambda x: -x[1].score)
        ranked = _dedupe(scored, prefs)
        best = ranked[:k]
        below = [p for _, p in ranked[k:tables_to] if p.chunk.kind == "table"]
        return (self._with_context(best) if s.context_chars else [p for _, p in best]) + below

    def _with_context(self, hits: list[tuple[int, Passage]]) -> list[Passage]:
        """Give each passage the end of the chunk before it and the start of the one after, when
        they belong to the same document item (parent-document context: the hit is cited, the
        passage reads as a whole)."""
        want = sorted({n for cid, _ in hits for n in (cid - 1, cid + 1) if n >= 0})
        near = self.index.chunks_by_id(want)  # a first or last chunk has no neighbour there
        room = self.settings.context_chars
        out = []
        for cid, p in hits:
            c = p.chunk
            prev, nxt = near.get(cid - 1), near.get(cid + 1)
            spare = max(0, room - len(c.text))
            before = after = ""
            if nxt is not None and _same_part(c, nxt):
                after = _head(nxt.text, spare * 2 // 3)
            if prev is not None and _same_part(c, prev):
                before = _tail(prev.text, spare - len(after))
            out.append(replace(p, before=before, after=after, before_page=prev.page_end if before else None,
                               after_page=nxt.page if after else None))
        return out

    def read(self, question: str) -> Query:
        """The question read once, its terms weighted by their rarity in this index; with the papers of the
        meetings held on the dates it names ("the Corporate Parenting Panel on 29 October 2024": its minutes)."""
        q = read(question, self.term_weight)
        if not q.dates:
            return q
        held = frozenset(s for m in self.index.meetings() if m.meeting_date in q.dates for s in m.sources)
        return replace(q, held_on=held)

    def term_weight(self, term: str) -> float:
        """A question term's inverse document frequency in this index.

        A term the papers never use gets the highest weight there is: no passage can hold it,
        which is what should count against answering.
        """
        return self.index.term_weight(term)


@dataclass(frozen=True)
class _Prefs:
    years: frozenset[str]
    bodies: tuple[str, ...]
    earlier: bool = False  # a draft or earlier version asked for
    month_years: tuple[str, ...] = ()


def _boost(chunk: Chunk, prefs: _Prefs) -> float:
    """A year or body the question names favours passages of that year or body."""
    factor = 1.0
    if prefs.years:
        text_years = years_in(chunk.text + " " + " ".join(chunk.rows))
        meeting_year = (chunk.meeting_date or "")[:4]
        if prefs.years & text_years:
            factor *= 1.25
        elif meeting_year and meeting_year in prefs.years:
            factor *= 1.15
    if prefs.bodies and any(b in (chunk.committee or "").lower() for b in prefs.bodies):
        factor *= 1.1
    if chunk.version and not versions.wanted(chunk, prefs.earlier, prefs.bodies, prefs.month_years):
        factor *= versions.OTHER_VERSION  # a draft when the final is there, or the final when the draft is asked
    return factor


def _coverage(chunk: Chunk, weights, pairs: frozenset[tuple[str, str]],
              asked: str = "text", alts: dict | None = None) -> tuple[float, float, float]:
    """How much of the question the chunk holds: (term share, best sentence's share, phrase share).

    Shares are idf-weighted. A sentence counts fully only when it holds the kind of thing asked
    for (a figure, a date, a name, a decision); otherwise at half weight. The phrase share is the
    fraction of the question's adjacent term pairs ("looked after", "December 2018") that stand
    side by side in the chunk.
    """
    if sum(weights.values()) <= 0:
        return 0.0, 0.0, 0.0
    alts = alts or {}
    seq = tokens(chunk.header() + " " + chunk.text + " " + " ".join(chunk.rows))
    coverage = share(weights, set(seq), alts)
    best = 0.0
    for unit in units(chunk, wrap_min=0):  # measured: coarser units rank passages better
        part = share(weights, set(tokens(unit)), alts)
        best = max(best, part if holds(asked, unit) else part * 0.5)
    phrase = 0.0
    if pairs:
        present = set(zip(seq, seq[1:]))
        phrase = sum(1 for p in pairs if p in present) / len(pairs)
    return coverage, best, phrase


def _same_part(a: Chunk, b: Chunk) -> bool:
    return (a.source == b.source and a.item == b.item and a.kind == b.kind == "text"
            and a.meeting_date == b.meeting_date and a.doc_type == b.doc_type)


def _head(text: str, limit: int) -> str:
    """The first lines of text, whole lines only, within limit characters."""
    out, n = [], 0
    for line in text.splitlines():
        if n + len(line) + 1 > limit:
            break
        out.append(line)
        n += len(line) + 1
    return "\n".join(out)


def _tail(text: str, limit: int) -> str:
    """The last lines of text, whole lines only, within limit characters."""
    out, n = [], 0
    for line in reversed(text.splitlines()):
        if n + len(line) + 1 > limit:
            break
        out.append(line)
        n += len(line) + 1
    return "\n".join(reversed(out))


VERSION_KEY_CHARS = 200  # letters compared: two passages this alike are one passage in two versions of a paper


def _version_key(text: str) -> str:
    """The passage's words without its figures and punctuation: a draft and its final version share it."""
    return re.sub(r"[^a-z]+", "", fold_numbers(text).lower())[:VERSION_KEY_CHARS]


def _dedupe(passages: list[tuple[int, Passage]], prefs: _Prefs | None = None) -> list[tuple[int, Passage]]:
    """Drop a passage whose text repeats a better one (the same page read twice, a duplicate pack, a
    report inside its pack, a draft and its final version). Of two versions the later is kept (the
    earlier when the question asks for it), in the better one's place, names the other and keeps its
    text beside it: a draft's superseded figure is not quoted as the answer."""
    prefs = prefs or _Prefs(years=frozenset(), bodies=())
    seen: dict[str, int] = {}
    out: list[tuple[int, Passage]] = []
    for cid, p in passages:
        key = _version_key(p.chunk.text)
        if len(key) < 40:  # too little prose to say two passages are one
            key = " ".join(fold_numbers(p.chunk.text).split())[:300]
        if key in seen:
            at = seen[key]
            kept = out[at][1]
            if p.chunk.meeting_date == kept.chunk.meeting_date or p.chunk.source == kept.chunk.source:
                continue
            earlier = versions.prefer_earlier(prefs.earlier, prefs.bodies, prefs.month_years, p.chunk, kept.chunk)
            take = (p.chunk.meeting_date or "") < (kept.chunk.meeting_date or "") if earlier else \
                (p.chunk.meeting_date or "") > (kept.chunk.meeting_date or "")
            if take:
                chosen = replace(p.chunk, also=tuple(dict.fromkeys(p.chunk.also + (kept.chunk.source,))))
                out[at] = (cid, replace(kept, chunk=chosen, dense=p.dense, lexical=p.lexical))
            continue
        seen[key] = len(out)
        out.append((cid, p))
    # a passage of a paper in two versions keeps the other version's retrieved text, to compare figures
    texts: dict[str, list[str]] = {}
    for _, p in passages:
        if p.chunk.version:
            texts.setdefault(p.chunk.source, []).append("\n".join((p.chunk.text, *p.chunk.rows)))
    return [(cid, replace(p, chunk=versions.with_said(p.chunk, texts))) if p.chunk.version else (cid, p)
            for cid, p in out]
