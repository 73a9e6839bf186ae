"""How councils write: number, date and spelling folding, the thesaurus, abbreviations."""
