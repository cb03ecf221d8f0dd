"""Background work: the outgoing mail queue, the worker and its daily runs (issue 17)."""
