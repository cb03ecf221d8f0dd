"""Briefings for non-governmental organizations on the review outcomes (P&R para 53)."""
