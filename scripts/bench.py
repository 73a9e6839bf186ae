#!/usr/bin/env python3
"""Speed and scale of boardqa, printed as ONE JSON object on stdout (progress on stderr).

    python scripts/bench.py [--corpus DIR] [--questions FILE.jsonl] [--workers N] [--backend torch]
    python scripts/bench.py --scale 10000 100000 1000000
    python scripts/bench.py --store milvus-lite:/tmp/kent.db [--scale 100000 1000000]   (bench_store.py)

Corpus mode builds a fresh index of the corpus in a temporary folder and reports build throughput
and where the time goes, warm query latency (retrieval alone and `ask` end to end), start-up to
first answer of the `boardqa` command, peak memory and index size per chunk; then runs the
tutorial pipeline (shared/baselines/naive_rag.py) on the same corpus in the same run and prints
the ratios, so a busy machine slows both sides alike.

Scale mode (--scale) needs no corpus: it makes clustered random unit vectors and synthetic token
documents and measures the FAISS index type the store picks at each size (build, memory, query
p95, recall@10 against exact search) and the BM25 index's build and query cost.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
GENERIC_QUESTIONS = [  # used only when no question file exists; not gold questions
    "What was decided about the budget?",
    "Who chaired the meeting?",
    "What are the main risks identified in the report?",
    "When is the next meeting?",
    "What recommendations were made to the committee?",
    "How much funding was allocated?",
    "What did the minutes record about the previous meeting?",
    "Which councillors sent apologies?",
]


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def pct(values: list[float], q: float) -> float:
    return round(float(np.percentile(np.asarray(values), q)), 2) if values else float("nan")


def rss_mb() -> float:
    """Resident memory of this process now (Linux /proc), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return float("nan")


def peak_mb(who=resource.RUSAGE_SELF) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # ru_maxrss is KB on Linux


def _hwm_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def run_child(cmd: list[str], env: dict | None = None, cwd: Path | None = None) -> dict:
    """Run a command, returning wall seconds, its own peak RSS, exit code and output.

    The peak is polled from /proc (VmHWM): a child's ru_maxrss starts from the parent's size at fork.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=cwd)
        peak = 0.0
        while p.poll() is None:
            peak = max(peak, _hwm_mb(p.pid))
            time.sleep(0.02)
        wall = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        return {"wall_s": round(wall, 2), "peak_mb": round(peak, 1), "rc": p.returncode,
                "stdout": out.read().decode("utf-8", "replace"), "stderr": err.read().decode("utf-8", "replace")}


def default_corpus() -> Path:
    kent = SHARED / "corpus" / "kent"
    return kent if kent.exists() else ROOT / "corpus"


def load_questions(path: Path | None, corpus: Path) -> tuple[list[dict], str]:
    """Questions for latency: the given file, dev_kent.jsonl for the Kent corpus, else generic ones."""
    if path is None and corpus.resolve() == (SHARED / "corpus" / "kent").resolve():
        path = SHARED / "eval" / "dev_kent.jsonl"
    if path is not None and path.exists():
        items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        return [{"id": it.get("id"), "question": it["question"]} for it in items], str(path)
    return [{"id": f"g{i}", "question": q} for i, q in enumerate(GENERIC_QUESTIONS)], "generic"


# ---------------------------------------------------------------------------------------- corpus mode

def parse_breakdown(files: list[tuple[Path, str]], settings, limit: int = 3) -> dict:
    """Split parse time into reading, structure, chunking and the rest on a few small files (in process)."""
    from assistant.indexing.build import _sha
    from assistant.indexing.embed import token_counter
    from assistant.papers.chunk import chunk_document
    from assistant.papers.ingest import read_pages
    from assistant.papers.structure import describe
    from assistant.records import Document

    sample = sorted((f for f in files if f[0].suffix.lower() == ".pdf"), key=lambda f: f[0].stat().st_size)[:limit]
    t = {"read_pdf": 0.0, "structure": 0.0, "chunk": 0.0}
    pages = 0
    count = token_counter(settings.model)
    for path, rel in sample:
        t0 = time.perf_counter()
        doc_pages = read_pages(path, max_pages=settings.max_pages)
        t1 = time.perf_counter()
        meta = describe(rel, doc_pages)
        t2 = time.perf_counter()
        chunk_document(Document(source=rel, sha256=_sha(path), pages=tuple(doc_pages), **meta), count,
                       settings.max_tokens, settings.min_chunk_chars)
        t3 = time.perf_counter()
        t["read_pdf"] += t1 - t0
        t["structure"] += t2 - t1
        t["chunk"] += t3 - t2
        pages += len(doc_pages)
    total = sum(t.values()) or 1e-9
    return {"sample_files": len(sample), "sample_pages": pages,
            "share": {k: round(v / total, 3) for k, v in t.items()},
            "ms_per_page": {k: round(1000 * v / max(pages, 1), 1) for k, v in t.items()}}


def index_size(folder: Path) -> dict:
    files = {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*") if p.is_file()}
    groups: dict[str, int] = {}
    for name, size in files.items():
        key = name.split("/")[0]
        groups[key] = groups.get(key, 0) + size
    return {"bytes": sum(files.values()), "by_file": dict(sorted(groups.items(), key=lambda kv: -kv[1]))}


def bench_corpus(args) -> dict:
    from assistant.answers.retrieve import Retriever
    from assistant.indexing.build import build, scan
    from assistant.indexing.embed import Embedder
    from assistant.indexing.store import current_generation
    from assistant.service import Assistant
    from assistant.settings import Settings

    corpus = Path(args.corpus) if args.corpus else default_corpus()
    questions, qsource = load_questions(Path(args.questions) if args.questions else None, corpus)
    work = Path(tempfile.mkdtemp(prefix="boardqa-bench-"))
    index_dir = Path(args.index_dir) if args.index_dir else work / "index"
    settings = Settings().with_(index_dir=index_dir, backend=args.backend)
    out: dict = {"mode": "corpus", "corpus": str(corpus), "questions": qsource, "n_questions": len(questions),
                 "backend": settings.backend, "query_backend": settings.answer_backend(), "cpus": os.cpu_count(), "load_avg_start": os.getloadavg()[0]}

    # 1. build, from nothing (the model's one-off ONNX export, which setup.sh does, is timed apart)
    from assistant.indexing.embed import prepare

    out["model_prepare_s"] = round(prepare(settings), 2)
    log(f"building {corpus} into {index_dir} (workers={args.workers})")
    files = scan([corpus])
    base_rss = rss_mb()
    t0 = time.perf_counter()
    summary = build([corpus], settings, workers=args.workers)
    build_s = time.perf_counter() - t0
    gen = current_generation(index_dir)
    size = index_size(gen)
    timings = {k: round(v, 2) for k, v in summary.timings.items()}
    out["build"] = {
        "seconds": round(build_s, 2), "files": len(files), "documents": summary.documents, "pages": summary.pages,
        "chunks": summary.chunks, "embedded_chunks": summary.embedded_chunks, "skipped": len(summary.skipped),
        "pages_per_s": round(summary.pages / build_s, 2), "chunks_per_s": round(summary.chunks / build_s, 2),
        "embed_chunks_per_s": round(summary.embedded_chunks / max(timings.get("embed", 0), 1e-9), 2),
        "timings_s": timings,
        "share": {k: round(v / build_s, 3) for k, v in timings.items()},
        "peak_rss_mb": {"main": peak_mb(), "parse_workers": peak_mb(resource.RUSAGE_CHILDREN),
                        "main_before": base_rss},
        "index_bytes": size["bytes"], "index_bytes_per_chunk": round(size["bytes"] / max(summary.chunks, 1), 1),
        "index_bytes_by_file": size["by_file"],
    }
    log(f"built: {json.dumps(out['build']['timings_s'])} in {build_s:.1f}s")
    out["build"]["parse_breakdown"] = parse_breakdown(files, settings)

    # 2. warm latency: model and index loaded once, then each question timed
    assistant = Assistant(settings, embedder=Embedder.for_settings(settings))
    t0 = time.perf_counter()
    assistant.ask(questions[0]["question"])
    first_s = time.perf_counter() - t0
    assistant.warm()  # as the app does while the first question is typed (embeds the recorded resolutions)
    for it in questions[:3]:  # warm caches
        assistant.ask(it["question"])
    retriever = Retriever(assistant.index, assistant.embedder, settings)
    from assistant.answers.question import embed_text

    lat = {"embed_query": [], "retrieve": [], "ask": []}
    for _ in range(max(1, args.repeat)):
        for it in questions:
            q = it["question"]
            cold_caches()
            t0 = time.perf_counter()
            assistant.embedder.embed_query(embed_text(q))
            lat["embed_query"].append(1000 * (time.perf_counter() - t0))
            cold_caches()
            t0 = time.perf_counter()
            retriever.search(retriever.read(q), k=10)
            lat["retrieve"].append(1000 * (time.perf_counter() - t0))
            cold_caches()
            t0 = time.perf_counter()
            assistant.ask(q)
            lat["ask"].append(1000 * (time.perf_counter() - t0))
    out["query"] = {"in_process_first_ask_s": round(first_s, 2), "samples": len(lat["ask"]),
                    **{f"{k}_ms": {"p50": pct(v, 50), "p95": pct(v, 95), "max": pct(v, 100)} for k, v in lat.items()},
                    "peak_rss_mb": peak_mb()}
    log(f"warm ask p50 {out['query']['ask_ms']['p50']} ms, p95 {out['query']['ask_ms']['p95']} ms")

    # 3. a fresh process: start-up to first answer, and --help (must not load the model)
    exe = Path(sys.executable).with_name("boardqa")
    cli = [str(exe)] if exe.exists() else [sys.executable, "-c", "from assistant.cli import main; main()"]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "BOARDQA_INDEX_DIR": str(index_dir)}
    runs = [run_child(cli + ["ask", questions[i % len(questions)]["question"], "--json", "--index-dir",
                             str(index_dir)], env=env, cwd=ROOT) for i in range(args.startup_runs)]
    bad = [r for r in runs if r["rc"] != 0]
    help_run = run_child(cli + ["--help"], env=env, cwd=ROOT)
    out["startup"] = {"first_answer_s": [r["wall_s"] for r in runs], "first_answer_s_min": min(r["wall_s"] for r in runs),
                      "peak_rss_mb": max(r["peak_mb"] for r in runs), "help_s": help_run["wall_s"],
                      "errors": [r["stderr"][-300:] for r in bad]}
    if args.backend:
        out["startup"]["note"] = ("the CLI answers with Settings().answer_backend(); the build used --backend "
                                  + settings.backend)
    log(f"start-up to first answer {out['startup']['first_answer_s']}")

    # 3b. the same index answered with other query-time backends (fp32 ONNX and torch give the same vectors)
    for backend in args.query_backends:
        out.setdefault("query_backends", {})[backend] = bench_query_backend(settings, backend, questions, index_dir)
        log(f"{backend}: {json.dumps(out['query_backends'][backend])}")

    # 4. the tutorial pipeline on the same corpus, in the same run
    if not args.no_baseline:
        out["baseline"] = bench_baseline(corpus, questions, work, out)
    out["load_avg_end"] = os.getloadavg()[0]
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        out["work_dir"] = str(work)
    return out


_STARTUP = """
import sys, time
t0 = time.perf_counter()
from assistant.indexing.embed import Embedder
from assistant.service import Assistant
from assistant.settings import Settings
s = Settings().with_(index_dir=sys.argv[1])
a = Assistant(s, embedder=Embedder(s.model, s.batch_size, sys.argv[2], s.embed_tokens))
a.ask(sys.argv[3])
print(round(time.perf_counter() - t0, 2))
"""


def cold_caches() -> None:
    """Forget folded text, so no timed question profits from what another (or an earlier pass) read."""
    from assistant.text import normalise

    normalise.fold_numbers.cache_clear()
    normalise._tokens.cache_clear()


def bench_query_backend(settings, backend: str, questions: list[dict], index_dir: Path) -> dict:
    """Warm latency and start-up of answering from the same index with another embedding backend."""
    from assistant.answers.question import embed_text
    from assistant.indexing.embed import Embedder
    from assistant.service import Assistant

    s = settings.with_(query_backend=backend)
    a = Assistant(s, embedder=Embedder(s.model, s.batch_size, backend, s.embed_tokens))
    a.ask(questions[0]["question"])  # exports the model on first use, into the cache
    lat = {"embed_query": [], "ask": []}
    for _ in range(2):
        for it in questions:
            t0 = time.perf_counter()
            a.embedder.embed_query(embed_text(it["question"]))
            lat["embed_query"].append(1000 * (time.perf_counter() - t0))
            cold_caches()
            t0 = time.perf_counter()
            a.ask(it["question"])
            lat["ask"].append(1000 * (time.perf_counter() - t0))
    runs = [run_child([sys.executable, "-c", _STARTUP, str(index_dir), backend, questions[i]["question"]],
                      env={**os.environ, "HF_HUB_OFFLINE": "1"}, cwd=ROOT) for i in range(2)]
    return {**{f"{k}_ms": {"p50": pct(v, 50), "p95": pct(v, 95)} for k, v in lat.items()},
            "startup_to_first_answer_s": [r["wall_s"] for r in runs],
            "startup_peak_rss_mb": max(r["peak_mb"] for r in runs),
            "errors": [r["stderr"][-300:] for r in runs if r["rc"] != 0]}


def bench_baseline(corpus: Path, questions: list[dict], work: Path, ours: dict) -> dict:
    script = SHARED / "baselines" / "naive_rag.py"
    if not script.exists():
        return {"error": f"{script} not found"}
    qfile = work / "questions.jsonl"
    qfile.write_text("".join(json.dumps(q) + "\n" for q in questions), encoding="utf-8")
    log("running the naive RAG baseline on the same corpus")
    r = run_child([sys.executable, str(script), str(corpus), str(qfile), str(work / "naive")],
                  env={**os.environ, "HF_HUB_OFFLINE": "1"})
    if r["rc"] != 0:
        return {"error": r["stderr"][-800:]}
    stats = json.loads([line for line in r["stdout"].splitlines() if line.startswith("{")][-1])
    b = ours["build"]
    t = b["timings_s"]
    naive_pe = stats["parse_s"] + stats.get("model_load_s", 0) + stats["embed_s"]  # our embed time includes loading
    ours_pe = t.get("parse", 0) + t.get("embed", 0)
    stats.update({"wall_s": r["wall_s"], "peak_rss_mb": r["peak_mb"]})
    return {
        **stats,
        "ratios": {  # > 1 means boardqa is faster / smaller
            "parse_load_embed": round(naive_pe / max(ours_pe, 1e-9), 2),
            "build_wall_vs_naive_wall": round(r["wall_s"] / max(b["seconds"], 1e-9), 2),
            "parse": round(stats["parse_s"] / max(t.get("parse", 0), 1e-9), 2),
            "embed": round(stats["embed_s"] / max(t.get("embed", 0), 1e-9), 2),
            "embed_per_chunk": round((stats["embed_s"] / max(stats["chunks"], 1))
                                     / max(t.get("embed", 0) / max(b["embedded_chunks"], 1), 1e-9), 2),
            "dense_query_p50_naive_over_our_ask_p50": round(stats["dense_query_ms_p50"]
                                                            / max(ours["query"]["ask_ms"]["p50"], 1e-9), 2),
        },
        "chunks_naive_over_ours": round(stats["chunks"] / max(b["chunks"], 1), 2),
    }


# ----------------------------------------------------------------------------------------- scale mode

class Space:
    """Clustered, anisotropic unit vectors shaped like MiniLM embeddings of board papers.

    Every vector shares one common direction (papers of one council look alike: a random pair has
    cosine about 0.5), has one main subject out of n/100 and a weaker second one, plus noise.
    Questions are noisier than passages. On the Coventry index the real figures are: random pair
    0.52, passage nearest neighbour 0.87, question top-10 0.61; these come out 0.55, 0.87, 0.70.
    """

    def __init__(self, n: int, dim: int, rng: np.random.Generator):
        self.rng, self.dim = rng, dim
        self.common = self._unit(rng.standard_normal(dim, dtype="float32"))
        self.subjects = self._unit(rng.standard_normal((max(64, n // 100), dim), dtype="float32"))

    @staticmethod
    def _unit(x: np.ndarray) -> np.ndarray:
        return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype("float32")

    def sample(self, n: int, noise: float = 0.7) -> np.ndarray:
        out = np.empty((n, self.dim), dtype="float32")
        for lo in range(0, n, 100_000):
            m = min(n, lo + 100_000) - lo
            a = self.rng.integers(0, len(self.subjects), m)
            b = self.rng.integers(0, len(self.subjects), m)
            w = self.rng.uniform(0.1, 0.6, (m, 1)).astype("float32")
            x = 1.4 * self.common + self.subjects[a] + w * self.subjects[b]
            x += self.rng.standard_normal((m, self.dim), dtype="float32") * (noise / np.sqrt(self.dim))
            out[lo:lo + m] = self._unit(x)
        return out


def bench_vectors(n: int, dim: int, rng: np.random.Generator, work: Path, n_queries: int) -> dict:
    import faiss

    from assistant.indexing import store

    space = Space(n, dim, rng)
    vecs = space.sample(n)
    queries = space.sample(n_queries, noise=1.6)  # questions sit further from passages than passages from each other
    path = work / f"vectors-{n}.faiss"
    rss0 = rss_mb()
    t0 = time.perf_counter()
    store._write_vectors(path, vecs)
    build_s = time.perf_counter() - t0
    build_rss = rss_mb() - rss0
    exact = faiss.IndexFlatIP(dim)
    exact.add(vecs)
    top, truth = exact.search(queries, 10)
    del exact
    rss1 = rss_mb()
    t0 = time.perf_counter()
    index = store.read_vectors(path)
    load_s = time.perf_counter() - t0
    kind = type(index).__name__
    faiss.omp_set_num_threads(1)  # as Index.dense searches
    out = {"n": n, "index": kind, "build_s": round(build_s, 2), "load_s": round(load_s, 3),
           "file_mb": round(path.stat().st_size / 2**20, 1), "build_rss_delta_mb": round(build_rss, 1),
           "question_top10_cos": round(float(top.mean()), 3)}

    def measure(label: str) -> dict:
        lat, hits = [], 0
        for i in range(n_queries):
            t = time.perf_counter()
            _, ids = index.search(queries[i:i + 1], 60)  # retrieve.py asks for the top 60
            lat.append(1000 * (time.perf_counter() - t))
            hits += len(set(ids[0][:10].tolist()) & set(truth[i].tolist()))
        return {"setting": label, "recall@10": round(hits / (10 * n_queries), 4), "p50_ms": pct(lat, 50),
                "p95_ms": pct(lat, 95)}

    out["search"] = measure("as stored")
    if hasattr(index, "nprobe"):
        stored = index.nprobe
        out["nprobe_stored"] = stored
        sweep = []
        for nprobe in (16, 32, 64):
            index.nprobe = nprobe
            sweep.append(measure(f"nprobe={nprobe}"))
        index.nprobe = stored
        out["nprobe_sweep"] = sweep
    out["loaded_rss_delta_mb"] = round(rss_mb() - rss1, 1)
    del index, vecs
    path.unlink(missing_ok=True)
    return out


def bench_lexical(n: int, rng: np.random.Generator, n_queries: int, doc_len: int = 80) -> dict:
    """BM25 over synthetic documents with a Zipf vocabulary (the shape of real text)."""
    from assistant.indexing.lexical import BM25, top_k

    vocab = np.array([f"w{i}" for i in range(50_000)], dtype=object)
    ranks = np.arange(1, len(vocab) + 1)
    p = 1 / ranks
    p /= p.sum()
    docs = []
    for lo in range(0, n, 50_000):
        hi = min(n, lo + 50_000)
        toks = vocab[rng.choice(len(vocab), size=(hi - lo, doc_len), p=p)]
        docs.extend(row.tolist() for row in toks)
    rss0 = rss_mb()
    t0 = time.perf_counter()
    bm = BM25.from_tokens(docs)
    build_s = time.perf_counter() - t0
    del docs
    folder = Path(tempfile.mkdtemp(prefix="boardqa-bm25-"))
    bm.save(folder)
    size = sum(f.stat().st_size for f in folder.iterdir())
    del bm
    t0 = time.perf_counter()
    bm = BM25.load(folder)
    load_s = time.perf_counter() - t0
    lat, lat_top = [], []
    for _ in range(n_queries):
        q = " ".join(vocab[rng.choice(2000, size=5)] .tolist())  # mid-frequency words, like a question
        t = time.perf_counter()
        s = bm.scores(q)
        lat.append(1000 * (time.perf_counter() - t))
        t = time.perf_counter()
        top_k(s, 60)  # what retrieve.py does with the scores
        lat_top.append(1000 * (time.perf_counter() - t))
    shutil.rmtree(folder, ignore_errors=True)
    return {"n": n, "tokens_per_doc": doc_len, "build_s": round(build_s, 2), "load_s": round(load_s, 3),
            "disk_mb": round(size / 2**20, 1), "build_rss_delta_mb": round(rss_mb() - rss0, 1),
            "scores_ms": {"p50": pct(lat, 50), "p95": pct(lat, 95)},
            "argsort_top60_ms": {"p50": pct(lat_top, 50), "p95": pct(lat_top, 95)}}


def bench_scale(args) -> dict:
    from assistant.indexing import store

    rng = np.random.default_rng(7)
    work = Path(tempfile.mkdtemp(prefix="boardqa-scale-"))
    out = {"mode": "scale", "cpus": os.cpu_count(), "load_avg_start": os.getloadavg()[0], "dim": args.dim,
           "exact_limit": store.EXACT_LIMIT, "vectors": [], "lexical": []}
    for n in sorted(args.scale):
        log(f"vectors n={n}")
        out["vectors"].append(bench_vectors(n, args.dim, rng, work, args.queries))
        log(json.dumps(out["vectors"][-1]))
        if n <= args.lexical_max:
            log(f"lexical n={n}")
            out["lexical"].append(bench_lexical(n, rng, args.queries))
            log(json.dumps(out["lexical"][-1]))
    out["peak_rss_mb"] = peak_mb()
    out["metadata"] = ("chunk metadata lives in chunks.sqlite and is read by id per query (Index.chunks); "
                       "nothing loads it wholesale at query time")
    out["load_avg_end"] = os.getloadavg()[0]
    shutil.rmtree(work, ignore_errors=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", help="folder of packs (default: ../shared/corpus/kent, else corpus/)")
    ap.add_argument("--questions", help="JSONL of {id, question} for latency (default: dev_kent.jsonl for Kent)")
    ap.add_argument("--index-dir", help="build here instead of a temporary folder")
    ap.add_argument("--workers", type=int, default=None, help="parser processes (default: build's own choice)")
    ap.add_argument("--backend", default=None, help="embedding backend: torch, onnx or onnx-int8")
    ap.add_argument("--repeat", type=int, default=1, help="passes over the questions for latency")
    ap.add_argument("--startup-runs", type=int, default=2, help="fresh `boardqa ask` processes to time")
    ap.add_argument("--query-backends", nargs="*", default=[],
                    help="also time answering from the same index with these backends (only meaningful for ones "
                         "whose vectors match the build's: torch and onnx for a torch- or onnx-built index)")
    ap.add_argument("--no-baseline", action="store_true", help="skip naive_rag.py")
    ap.add_argument("--keep", action="store_true", help="keep the temporary index and baseline outputs")
    ap.add_argument("--scale", type=int, nargs="+", help="scale mode: vector counts, e.g. 10000 100000 1000000")
    ap.add_argument("--dim", type=int, default=384)
    ap.add_argument("--queries", type=int, default=200, help="queries per size in scale mode")
    ap.add_argument("--lexical-max", type=int, default=1_000_000, help="largest size to build BM25 for")
    ap.add_argument("--store", help="also a Milvus store (milvus-lite:PATH.db or milvus://HOST:PORT), beside FAISS")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.store and args.store != "faiss":
        import bench_store

        result = bench_store.scale(args) if args.scale else bench_store.corpus(args)
    else:
        result = bench_scale(args) if args.scale else bench_corpus(args)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
