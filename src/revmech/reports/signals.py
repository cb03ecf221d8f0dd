"""Signals of the reports app, for the apps above it (the follow-up reads the needs).

`report_final` is sent with `sender=Report` and `report=` the report once its three States have
approved one version and it became final (P&R para 34). Signals never drive the workflow here:
the agreement of the review is recorded by the service itself.
"""

from django.dispatch import Signal

report_final = Signal()
