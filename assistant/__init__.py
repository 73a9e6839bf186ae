"""boardqa: question answering over council board papers, with citations.

Data flow, one module a step:
    ingest (files -> pages) -> structure (documents, parts, dates) -> tables/chunk (chunks)
    -> embed (vectors) -> lexical/store (index on disk) -> build (incremental indexing)
    -> retrieve (hybrid search) -> answer (quoted, cited or "not in the papers") -> cli / app
"""
__version__ = "0.1.0"
