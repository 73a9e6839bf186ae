"""The index on disk: plain files in one folder, one generation live at a time.

    index/
      CURRENT            name of the live generation (switched by an atomic rename)
      gen-.../
        manifest.json    format, model, dimension, chunk settings, package version, counts
        documents.json   every indexed document: hash, all its file names, metadata, chunk count
        chunks.sqlite    chunk metadata, row id = vector id (queried by id, never loaded wholesale)
        vectors.faiss    FAISS inner-product index over normalised vectors
        lexical/         BM25 postings as .npy and a JSON vocabulary
        words.tsv        the papers' surface words and counts, the speller's dictionary (`vocabulary`)

No pickle anywhere. A build writes a new generation beside the live one and then switches
CURRENT, so a reader never sees a half-written index. Each open Index holds a shared flock on its
generation's READERS file, and old generations are deleted only when no reader holds one, so a
rebuild never pulls files from under a query in progress. Builds take an exclusive flock on
index/.lock, so two `boardqa index` runs never write at once.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import socket
import sqlite3
import threading
import time
import uuid
from pathlib import Path

import numpy as np

from .. import __version__
from ..errors import IndexBusy, IndexMismatch, IndexMissing
from ..records import Chunk
from ..settings import INDEX_FORMAT
from ..text.bodies import UNKNOWN, canonical
from .documents import DocumentRecords
from .lexical import BM25
from .vocabulary import write_words

_COLUMNS = ("source", "committee", "meeting_date", "doc_type")
EXACT_LIMIT = 200_000  # up to this many vectors search is exact (p95 a few ms); above, IVF (scripts/bench.py --scale)
IVF_NPROBE = 64  # IVF lists searched per query: 1/64 of them at 1M, recall@10 0.96 vs exact, p95 27 ms (bench --scale)
READERS = "READERS"  # empty file in each generation; open readers hold a shared flock on it


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, text: str) -> None:
    """Write, fsync, rename: the file is either the old one or the whole new one."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def current_generation(index_dir: Path) -> Path | None:
    """The live generation folder, or None when there is no index."""
    pointer = index_dir / "CURRENT"
    if not pointer.exists():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    folder = index_dir / name
    return folder if name and (folder / "manifest.json").exists() else None


def read_manifest(index_dir: Path) -> dict | None:
    gen = current_generation(index_dir)
    return json.loads((gen / "manifest.json").read_text(encoding="utf-8")) if gen else None


def check_manifest(index_dir: Path, manifest: dict, model: str | None = None) -> None:
    """Refuse an index written in another format or with another model, saying to rebuild."""
    if manifest.get("format") != INDEX_FORMAT:
        raise IndexMismatch(index_dir, f"index format {manifest.get('format')} (this boardqa reads {INDEX_FORMAT})")
    if model is not None and manifest.get("model") != model:
        raise IndexMismatch(index_dir, f"the model {manifest.get('model')!r}, not the configured {model!r}")


def read_documents(index_dir: Path) -> list[dict]:
    """The live generation's document records, without loading vectors or postings."""
    gen = current_generation(index_dir)
    return json.loads((gen / "documents.json").read_text(encoding="utf-8")) if gen else []


@contextlib.contextmanager
def build_lock(index_dir: Path, wait: bool = True, on_wait=None):
    """Hold index/.lock for the length of a build, so two builds never write at once.

    Args:
        wait: block until the other build finishes; when False raise IndexBusy at once.
        on_wait: called with the holder's description before blocking (to tell the user why).
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    path = index_dir / ".lock"
    with open(path, "a+", encoding="utf-8") as f:
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.seek(0)
            holder = f.read().strip() or "another process"
            if not wait:
                raise IndexBusy(index_dir, holder) from None
            if on_wait:
                on_wait(holder)
            fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        # the lock is the flock, not the file: a build killed with -9 releases it with its descriptor
        f.seek(0)
        f.truncate()
        f.write(f"pid {os.getpid()} on {socket.gethostname()}, since {time.strftime('%H:%M:%S')}")
        f.flush()
        try:
            yield
        finally:
            f.seek(0)
            f.truncate()
            f.flush()
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def clean_leftovers(index_dir: Path) -> None:
    """Remove what killed builds left behind: half-written generations and pointer temp files.

    Only call while holding build_lock: then no other build can be writing them.
    """
    for p in index_dir.glob(".gen-*.partial"):
        shutil.rmtree(p, ignore_errors=True)
    for p in index_dir.glob(".CURRENT.*.tmp"):
        p.unlink(missing_ok=True)


def write_generation(index_dir: Path, chunks: list[Chunk], vectors: np.ndarray, embed_keys: list[str],
                     documents: list[dict], manifest: dict) -> Path:
    """Write a complete new generation and make it the live one.

    Every file is fsynced inside a hidden .partial folder, the folder is renamed, and only then is
    CURRENT replaced (write, fsync, rename): a kill at any moment leaves the old index live.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    previous = current_generation(index_dir)
    name = f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
    folder = index_dir / f".{name}.partial"
    folder.mkdir()
    _write_chunks(folder / "chunks.sqlite", chunks, embed_keys)
    _write_vectors(folder / "vectors.faiss", vectors)
    BM25.from_tokens([chunk_tokens(c) for c in chunks]).save(folder / "lexical")
    write_words(folder, chunks)  # the speller's dictionary, counted here, not at every start-up
    (folder / "documents.json").write_text(json.dumps(documents, ensure_ascii=False, indent=0), encoding="utf-8")
    (folder / READERS).touch()
    manifest = {**manifest, "format": INDEX_FORMAT, "version": __version__, "dimension": int(vectors.shape[1]),
                "chunks": len(chunks), "documents": len(documents),
                "pages": sum(d.get("pages", 0) for d in documents), "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    for f in folder.rglob("*"):
        if f.is_file():
            with open(f, "rb") as fh:
                os.fsync(fh.fileno())
    _fsync_dir(folder / "lexical")
    _fsync_dir(folder)
    final = index_dir / name
    os.replace(folder, final)
    _fsync_dir(index_dir)
    write_atomic(index_dir / "CURRENT", name + "\n")
    prune(index_dir, keep={name} | ({previous.name} if previous else set()))
    return final


def prune(index_dir: Path, keep: set[str]) -> list[str]:
    """Delete generations other than keep (the live one and the one before) that no reader has open.

    A reader that loaded an older generation holds a shared flock on its READERS file; such a
    generation is left for a later build to remove. Returns the names deleted.
    """
    gone = []
    for p in index_dir.glob("gen-*"):
        if p.name in keep or not p.is_dir():
            continue
        try:
            fd = os.open(p / READERS, os.O_RDONLY)
        except FileNotFoundError:
            fd = None  # an orphan of a killed build, before READERS existed: nobody can have it open
        try:
            if fd is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # in use by a reader
            # rename first so a half-deleted folder is never mistaken for a generation
            doomed = index_dir / f".{p.name}.deleting.partial"
            os.replace(p, doomed)
            shutil.rmtree(doomed, ignore_errors=True)
            gone.append(p.name)
        finally:
            if fd is not None:
                os.close(fd)
    return gone


def chunk_tokens(chunk: Chunk) -> list[str]:
    from ..text.normalise import tokens

    return tokens(" ".join([chunk.title, chunk.section, chunk.text, " ".join(chunk.rows)]))


def embed_text(chunk: Chunk, with_header: bool = True) -> str:
    """What is embedded for a chunk: a short context line, then the text (table rows read with headings)."""
    body = "\n".join(chunk.rows) if chunk.kind == "table" and chunk.rows else chunk.text
    return f"{chunk.header()}\n{body}" if with_header else body


def _write_chunks(path: Path, chunks: list[Chunk], keys: list[str]) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE chunks (id INTEGER PRIMARY KEY, source TEXT, committee TEXT, meeting_date TEXT, "
               "doc_type TEXT, embed_key TEXT, data TEXT)")
    db.executemany("INSERT INTO chunks VALUES (?,?,?,?,?,?,?)",
                   ((i, c.source, canonical(c.committee), c.meeting_date, c.doc_type, k,
                     json.dumps(c.to_json(), ensure_ascii=False))
                    for i, (c, k) in enumerate(zip(chunks, keys))))
    db.execute("CREATE INDEX chunks_source ON chunks(source)")
    db.commit()
    db.close()


def _write_vectors(path: Path, vectors: np.ndarray) -> None:
    """Exact inner-product search up to EXACT_LIMIT vectors; above it an inverted-file index.

    IVF rather than HNSW: at a million vectors it trains and fills in under two and a half minutes on two cores
    where HNSW takes many more, needs no memory beyond the vectors, and loads memory-mapped.
    """
    import faiss

    faiss.omp_set_num_threads(os.cpu_count() or 1)  # Index.dense drops to one thread per query
    vectors = np.ascontiguousarray(vectors, dtype="float32")
    n, dim = vectors.shape
    if n <= EXACT_LIMIT:
        index = faiss.IndexFlatIP(dim)
        index.add(vectors)
    else:
        nlist = 1 << int(round(np.log2(4 * np.sqrt(n))))  # about 4 sqrt(n) lists: 4096 at 1M
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
        sample = np.random.default_rng(0).choice(n, size=min(n, 40 * nlist), replace=False)  # FAISS wants 39+ a list
        index.train(vectors[np.sort(sample)])
        index.add(vectors)
        index.make_direct_map()  # retrieval reconstructs vectors by id
        index.nprobe = IVF_NPROBE
    faiss.write_index(index, str(path))


def read_vectors(path: Path):
    """Load a vectors.faiss memory-mapped where FAISS allows it (flat and IVF do), else into memory."""
    import faiss

    try:
        index = faiss.read_index(str(path), faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY)
    except RuntimeError:
        index = faiss.read_index(str(path))
    if hasattr(index, "hnsw"):  # indexes written by earlier versions
        index.hnsw.efSearch = 128
    return index


class Index(DocumentRecords):
    """A loaded generation: dense and lexical search plus chunk look-up by id."""

    def __init__(self, folder: Path, index_dir: Path):
        self.folder, self.index_dir = folder, index_dir
        self._pin = _pin(folder)
        self.manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        check_manifest(index_dir, self.manifest)
        self.vectors = read_vectors(folder / "vectors.faiss")
        self.lexical = BM25.load(folder / "lexical")
        self._db = sqlite3.connect(f"file:{folder / 'chunks.sqlite'}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self.size = int(self.manifest.get("chunks", self.vectors.ntotal))

    @classmethod
    def open(cls, index_dir: Path | str, model: str | None = None) -> "Index":
        """Load the live generation of an index folder.

        Raises:
            IndexMissing: nothing has been built there yet.
            IndexMismatch: it was built by another format or model; rebuild it.
        """
        index_dir = Path(index_dir)
        for attempt in range(5):
            gen = current_generation(index_dir)
            if gen is None:
                raise IndexMissing(index_dir)
            try:
                index = cls(gen, index_dir)
                break
            except (FileNotFoundError, sqlite3.OperationalError):
                # CURRENT moved on twice and the generation read a moment ago was pruned: read it again
                if attempt == 4 or current_generation(index_dir) == gen:
                    raise
        check_manifest(index_dir, index.manifest, model)
        return index

    def close(self) -> None:
        """Release the generation (a later build may then delete it). Also happens when collected."""
        self._db.close()
        if self._pin is not None:
            self._pin.close()
            self._pin = None

    def is_stale(self) -> bool:
        """True when a newer generation has been switched in since this one was loaded."""
        gen = current_generation(self.index_dir)
        return gen is not None and gen != self.folder

    def dense(self, query_vec: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        import faiss

        # one query is a few ms of work: waking a second OpenMP thread for it costs more than it saves,
        # and 3-4x more on a busy machine (bench.py); builds set the thread count back (_write_vectors)
        faiss.omp_set_num_threads(1)
        scores, ids = self.vectors.search(np.asarray(query_vec, dtype="float32").reshape(1, -1), min(k, self.size))
        keep = ids[0] >= 0
        return ids[0][keep], scores[0][keep]

    def chunks(self, ids) -> list[Chunk]:
        ids = [int(i) for i in ids]
        if not ids:
            return []
        with self._lock:
            rows = dict(self._db.execute(f"SELECT id, data FROM chunks WHERE id IN ({','.join('?' * len(ids))})", ids))
        return [Chunk.from_json(json.loads(rows[i])) for i in ids if i in rows]

    def chunks_of(self, source: str) -> list[Chunk]:
        """Every chunk of one document, in order."""
        with self._lock:
            rows = self._db.execute("SELECT data FROM chunks WHERE source = ? ORDER BY id", (source,)).fetchall()
        return [Chunk.from_json(json.loads(r[0])) for r in rows]

    def filter_ids(self, committee: str | None = None, date_from: str | None = None, date_to: str | None = None,
                   doc_type: str | None = None) -> np.ndarray | None:
        """Chunk ids that pass the filters (None when no filter is set)."""
        where, args = [], []
        if committee:  # the column holds each body's canonical key: one body, however it is spelled
            where.append("committee LIKE ?")
            args.append(f"%{canonical(committee) if canonical(committee) != UNKNOWN else committee.lower()}%")
        if date_from:
            where.append("meeting_date >= ?")
            args.append(date_from)
        if date_to:
            where.append("meeting_date <= ?")
            args.append(date_to)
        if doc_type:
            where.append("lower(doc_type) = ?")
            args.append(doc_type.lower())
        if not where:
            return None
        with self._lock:
            rows = self._db.execute(f"SELECT id FROM chunks WHERE {' AND '.join(where)}", args).fetchall()
        return np.array([r[0] for r in rows], dtype="int64")

    def all_chunks(self, batch: int = 5000):
        """Every chunk in id order, read in batches."""
        for start in range(0, self.size, batch):
            with self._lock:
                rows = self._db.execute("SELECT data FROM chunks WHERE id >= ? AND id < ? ORDER BY id",
                                        (start, start + batch)).fetchall()
            for (data,) in rows:
                yield Chunk.from_json(json.loads(data))

    def embed_cache(self) -> dict[str, np.ndarray]:
        """Vectors of this generation by the hash of the text embedded (reused by the next build)."""
        with self._lock:
            rows = self._db.execute("SELECT id, embed_key FROM chunks ORDER BY id").fetchall()
        if not rows:
            return {}
        vecs = self.vectors.reconstruct_n(0, self.vectors.ntotal) if hasattr(self.vectors, "reconstruct_n") else None
        return {key: vecs[i] for i, key in rows} if vecs is not None else {}

def _pin(folder: Path):
    """Hold a shared flock on the generation's READERS file so prune leaves it alone while open."""
    try:
        f = open(folder / READERS, "rb")
    except FileNotFoundError:
        if (folder / "manifest.json").exists():
            return None  # written before READERS existed
        raise
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        f.close()  # being deleted right now
        raise FileNotFoundError(folder) from None
    return f
