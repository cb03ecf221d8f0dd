"""Pages of the reports app; each name is declared in `permissions.ACCESS`."""

from django.urls import path

from revmech.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:review_id>/", views.report_page, name="report"),
    path("<int:review_id>/start/", views.start, name="start"),
    path("<int:review_id>/section/", views.section_page, name="section"),
    path("<int:review_id>/section/save/", views.save, name="save"),
    path("<int:review_id>/history/", views.history, name="history"),
    path("<int:review_id>/comment/", views.comment, name="comment"),
    path("<int:review_id>/needs/", views.needs, name="needs"),
    path("<int:review_id>/approve/", views.approve, name="approve"),
    path("<int:review_id>/report.docx", views.export_docx, name="docx"),
    path("<int:review_id>/report.pdf", views.export_pdf, name="pdf"),
    path("<int:review_id>/import/", views.import_word, name="import"),
]
