"""The speller's dictionary: counted once at build time into words.tsv, read at start-up, SymSpell built only when needed."""
from __future__ import annotations

import shutil
from collections import Counter

from assistant.answers import spelling
from assistant.answers.spelling import Speller, speller_for
from assistant.indexing.store import Index
from assistant.indexing.vocabulary import WORDS_FILE, chunk_texts, read_words, surface_words, write_words


def test_a_build_writes_the_papers_word_counts(built, index, chunks):
    counts = read_words(index.folder)
    assert counts is not None
    assert counts == surface_words(chunk_texts(chunks))  # the same counts the speller made at start-up before
    assert counts["agency"] > 0
    lines = (index.folder / WORDS_FILE).read_text(encoding="utf-8").splitlines()
    assert all(line.count("\t") == 1 for line in lines)  # plain word<TAB>count lines, commonest first
    assert int(lines[0].split("\t")[1]) >= int(lines[-1].split("\t")[1])


def test_the_speller_reads_the_counted_file_and_counts_chunks_only_without_it(built, settings, tmp_path):
    copy = tmp_path / "index"
    shutil.copytree(settings.index_dir, copy)
    index = Index.open(copy, settings.model)
    try:
        words = index.folder / WORDS_FILE
        with open(words, "a", encoding="utf-8") as f:
            f.write("zymurgical\t7\n")  # in the file, in no chunk: only a speller read from the file knows it
        spelling._CACHE.clear()
        assert speller_for(index).known("zymurgical")
        words.unlink()  # a generation built before the counts were written: counted from its chunks
        spelling._CACHE.clear()
        fallback = speller_for(index)
        assert not fallback.known("zymurgical") and fallback.known("agency")
    finally:
        spelling._CACHE.clear()
        index.close()


def test_the_lookup_dictionary_is_built_only_for_a_word_the_papers_do_not_use():
    speller = Speller(Counter({"agency": 40, "spend": 30, "what": 20, "was": 20}))
    assert speller.correct("what was agency spend in 2014/15") == "what was agency spend in 2014/15"
    assert speller._built is None  # every word known: no SymSpell dictionary was made
    assert speller.correct("wat was agncy spnd") == "what was agency spend"
    assert speller._built is not None


def test_write_and_read_round_trip(tmp_path):
    from assistant.records import Chunk

    chunk = Chunk(id="c1", text="Agency spend agency", source="a.pdf", title="Report", committee="Cabinet",
                  meeting_date="2015-11-05", doc_type="report", page=1, page_end=1, section="Spend")
    write_words(tmp_path, [chunk])
    assert read_words(tmp_path) == Counter({"agency": 2, "spend": 2, "report": 1, "cabinet": 1})
    assert read_words(tmp_path / "missing") is None
