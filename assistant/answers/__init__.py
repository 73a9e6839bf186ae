"""Answers: the question read once, retrieval, choosing and quoting, abstaining, follow-ups, the optional model."""
