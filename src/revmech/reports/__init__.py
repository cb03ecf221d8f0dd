"""The country review report and its executive summary (P&R paras 33-39, 43-46)."""
