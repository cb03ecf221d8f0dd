"""URLs of the audit log: the secretariat's list and CSV export (P&R paras 32, 37)."""

from django.urls import path

from revmech.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.entry_list, name="list"),
    path("export.csv", views.export, name="export"),
]
