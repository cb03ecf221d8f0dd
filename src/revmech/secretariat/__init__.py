"""Secretariat operations: budget, contributions, training, languages (P&R paras 15, 42-51)."""
