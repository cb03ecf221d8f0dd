"""Pages of the reports app; each name is declared in `permissions.ACCESS`."""

from django.urls import path

from revmech.reports import views, views_publication

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
    path("<int:review_id>/summary/", views_publication.summary, name="summary"),
    path(
        "<int:review_id>/summary/translation/",
        views_publication.translation_update,
        name="translation",
    ),
    path(
        "<int:review_id>/summary/publish/",
        views_publication.publish_summary,
        name="publish_summary",
    ),
    path("<int:review_id>/publish/", views_publication.publish, name="publish"),
    path(
        "<int:review_id>/further-translation/",
        views_publication.further_translation,
        name="further_translation",
    ),
    path(
        "<int:review_id>/access/request/", views_publication.request_access, name="request_access"
    ),
    path("<int:review_id>/access/decide/", views_publication.decide_access, name="decide_access"),
    path("<int:review_id>/shared/", views_publication.shared, name="shared"),
    path("<int:review_id>/shared/report.docx", views_publication.shared_docx, name="shared_docx"),
    path("<int:review_id>/public/", views_publication.public, name="public"),
    path("summaries/", views_publication.summaries, name="summaries"),
    path("summaries/feed.atom", views_publication.feed, name="feed"),
]
