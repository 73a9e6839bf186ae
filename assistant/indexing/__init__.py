"""Indexing: embedding, BM25, the on-disk generations and the incremental build."""
