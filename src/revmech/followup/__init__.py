"""Follow-up: assistance needs, progress on observations, thematic analysis (P&R paras 40, 41)."""
