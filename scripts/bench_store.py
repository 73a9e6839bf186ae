"""The two store engines side by side, in one run: `scripts/bench.py --store milvus-lite:PATH.db [...]`.

Corpus mode builds the corpus into the file index (FAISS + BM25) and into the Milvus store given,
then times warm `ask` (model and index loaded once) on the same questions against each.

Scale mode (--scale N ...) fills each engine with N synthetic chunks (clustered unit vectors from
bench.Space, Zipf token text, a council out of 20 and a meeting date out of 20 years) and times
dense, BM25 and filtered dense search: the file index as Index.dense / lexical.BM25 and the
mask FaissStore applies, Milvus as its own FLAT, BM25 and `expr` filters.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

COUNCILS = 20  # synthetic councils in scale mode (one partition-key value each)


def _ask_latency(settings, questions: list[dict], repeat: int) -> dict:
    from bench import cold_caches, pct

    from assistant.indexing.embed import Embedder
    from assistant.service import Assistant

    a = Assistant(settings, embedder=Embedder.for_settings(settings))
    t0 = time.perf_counter()
    a.ask(questions[0]["question"])
    first = time.perf_counter() - t0
    a.warm()
    for it in questions[:3]:
        a.ask(it["question"])
    lat, retr = [], []
    retriever = a.retriever()
    for _ in range(max(1, repeat)):
        for it in questions:
            cold_caches()
            t0 = time.perf_counter()
            a.ask(it["question"])
            lat.append(1000 * (time.perf_counter() - t0))
            t0 = time.perf_counter()
            retriever.search(retriever.read(it["question"]), k=10)
            retr.append(1000 * (time.perf_counter() - t0))
    return {"first_ask_s": round(first, 2), "samples": len(lat), "ask_ms": {"p50": pct(lat, 50), "p95": pct(lat, 95)},
            "retrieve_ms": {"p50": pct(retr, 50), "p95": pct(retr, 95)}}


def corpus(args) -> dict:
    from bench import default_corpus, load_questions, log

    from assistant.indexing.build import build
    from assistant.settings import Settings

    src = Path(args.corpus) if args.corpus else default_corpus()
    questions, qsource = load_questions(Path(args.questions) if args.questions else None, src)
    work = Path(tempfile.mkdtemp(prefix="boardqa-engines-"))
    milvus_dir = Path(args.index_dir) if args.index_dir else work / "milvus-index"
    out = {"mode": "engines", "corpus": str(src), "questions": qsource, "n_questions": len(questions),
           "cpus": os.cpu_count(), "load_avg_start": os.getloadavg()[0], "engines": {}}
    for name, store, folder in (("faiss", "faiss", work / "faiss-index"), ("milvus", args.store, milvus_dir)):
        s = Settings().with_(index_dir=folder, store=store, backend=args.backend)
        log(f"{name}: building {src} into {folder} ({store})")
        t0 = time.perf_counter()
        summary = build([src], s, workers=args.workers)
        build_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        again = build([src], s, workers=args.workers)
        res = {"store": store, "build_s": round(build_s, 2), "chunks": summary.chunks, "documents": summary.documents,
               "timings_s": {k: round(v, 2) for k, v in summary.timings.items()},
               "no_change_rebuild_s": round(time.perf_counter() - t0, 2), "no_change_changed": again.changed}
        res.update(_ask_latency(s, questions, args.repeat))
        out["engines"][name] = res
        log(json.dumps(res))
    out["load_avg_end"] = os.getloadavg()[0]
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return out


def _synthetic(n: int, dim: int, rng: np.random.Generator):
    from bench import Space

    space = Space(n, dim, rng)
    vecs = space.sample(n)
    queries = space.sample(200, noise=1.6)
    vocab = np.array([f"w{i}" for i in range(50_000)], dtype=object)
    p = 1 / np.arange(1, len(vocab) + 1)
    p /= p.sum()
    councils = rng.integers(0, COUNCILS, n)
    years = rng.integers(2005, 2025, n)
    return vecs, queries, vocab, p, councils, years


def scale(args) -> dict:
    from bench import bench_lexical, log, pct

    from assistant.indexing.engine import Filters, parse_store
    from assistant.indexing.collection import _ensure_collection
    from assistant.indexing.milvus import _CLIENTS, connect, expression
    from assistant.indexing.store import _write_vectors, read_vectors

    rng = np.random.default_rng(7)
    spec = parse_store(args.store)
    out = {"mode": "engines-scale", "store": args.store, "cpus": os.cpu_count(), "load_avg_start": os.getloadavg()[0],
           "sizes": []}
    work = Path(tempfile.mkdtemp(prefix="boardqa-engines-scale-"))
    nq = min(args.queries, 200)
    for n in sorted(args.scale):
        vecs, queries, vocab, p, councils, years = _synthetic(n, args.dim, rng)
        row: dict = {"n": n}
        # the file index: the vectors file the store writes, searched as FaissStore does with and without a filter
        t0 = time.perf_counter()
        _write_vectors(work / "v.faiss", vecs)
        row["faiss_build_s"] = round(time.perf_counter() - t0, 2)
        index = read_vectors(work / "v.faiss")
        import faiss

        faiss.omp_set_num_threads(1)
        plain, filt = [], []
        mask = (councils == 3) & (years >= 2015)
        for i in range(nq):
            qv = queries[i:i + 1]
            t = time.perf_counter()
            index.search(qv, 60)
            plain.append(1000 * (time.perf_counter() - t))
            t = time.perf_counter()
            depth = n if n <= 200_000 else 600
            _, ids = index.search(qv, depth)
            ids[0][mask[ids[0]]][:60]
            filt.append(1000 * (time.perf_counter() - t))
        row["faiss_dense_ms"] = {"p50": pct(plain, 50), "p95": pct(plain, 95)}
        row["faiss_dense_filtered_ms"] = {"p50": pct(filt, 50), "p95": pct(filt, 95)}
        del index
        (work / "v.faiss").unlink()
        if n <= args.lexical_max:
            row["faiss_bm25"] = bench_lexical(n, rng, nq)
        log(json.dumps(row))

        # Milvus: the same vectors, token text and scalar fields in a collection of the store's schema
        from assistant.indexing.engine import lexical_text

        client = connect(spec)
        name = f"bench_{n}"
        if client.has_collection(name):
            client.drop_collection(name)
        _ensure_collection(client, name, args.dim, spec)
        t0 = time.perf_counter()
        batch = 2000
        for lo in range(0, n, batch):
            hi = min(n, lo + batch)
            toks = vocab[rng.choice(len(vocab), size=(hi - lo, 80), p=p)]
            client.insert(name, [{"id": i, "doc_sha": "0" * 64, "embed_key": "", "text": lexical_text(toks[i - lo].tolist()),
                                  "terms": "", "vector": vecs[i].tolist(), "council": f"council{councils[i]}",
                                  "committee": "cabinet", "doc_type": "report", "part": "", "source": "s",
                                  "meeting_date": f"{years[i]}-06-01", "page": 1, "data": {}} for i in range(lo, hi)])
        client.flush(name)
        row["milvus_insert_s"] = round(time.perf_counter() - t0, 2)
        f = Filters(council="council3", date_from="2015-01-01")
        lat = {"dense": [], "dense_filtered": [], "bm25": [], "bm25_filtered": []}
        for i in range(nq):
            qv = queries[i].tolist()
            text = " ".join(vocab[rng.choice(2000, size=5)].tolist())
            for key, data, field, metric, expr in (("dense", qv, "vector", "IP", ""),
                                                   ("dense_filtered", qv, "vector", "IP", expression(f)),
                                                   ("bm25", text, "sparse", "BM25", ""),
                                                   ("bm25_filtered", text, "sparse", "BM25", expression(f))):
                t = time.perf_counter()
                client.search(name, data=[data], anns_field=field, limit=60, filter=expr,
                              search_params={"metric_type": metric}, output_fields=["id"])
                lat[key].append(1000 * (time.perf_counter() - t))
        row.update({f"milvus_{k}_ms": {"p50": pct(v, 50), "p95": pct(v, 95)} for k, v in lat.items()})
        client.drop_collection(name)
        log(json.dumps(row))
        out["sizes"].append(row)
    for c in _CLIENTS.values():
        c.close()
    out["note"] = "Milvus Lite with the store's schema (FLAT vectors, BM25 sparse index, inverted scalar indexes)"
    out["load_avg_end"] = os.getloadavg()[0]
    shutil.rmtree(work, ignore_errors=True)
    return out
