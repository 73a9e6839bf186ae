"""Papers: files -> pages -> the parts of a pack, paragraphs, tables, chunks, minutes and resolutions."""
