"""Officers: add and remove papers, rebuild the index, read feedback (password protected)."""
from assistant.web import officers

officers.page()
