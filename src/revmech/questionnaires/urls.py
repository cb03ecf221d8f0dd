"""URLs of the questionnaires and the desk review; each name is declared in `permissions.ACCESS`."""

from django.urls import path

from revmech.questionnaires import views

app_name = "questionnaires"
urlpatterns = [
    path("definitions/", views.definitions, name="definitions"),
    path("definitions/<int:definition_id>/", views.definition, name="definition"),
    path("definitions/<int:definition_id>.json", views.definition_json, name="definition_json"),
    path("definitions/<int:definition_id>/edit/", views.definition_edit, name="definition_edit"),
    path(
        "definitions/<int:definition_id>/new-version/",
        views.definition_new_version,
        name="definition_new_version",
    ),
    path(
        "definitions/<int:definition_id>/publish/",
        views.definition_publish,
        name="definition_publish",
    ),
    path("review/<int:review_id>/", views.review_page, name="review"),
    path("review/<int:review_id>/start/", views.start, name="start"),
    path("review/<int:review_id>/answers/", views.answers, name="answers"),
    path("review/<int:review_id>/answers/save/", views.save, name="save"),
    path("review/<int:review_id>/answers/history/", views.history, name="history"),
    path("review/<int:review_id>/attachments/", views.upload, name="upload"),
    path("review/<int:review_id>/consultations/", views.consultation, name="consultation"),
    path("review/<int:review_id>/clear/", views.clear, name="clear"),
    path("review/<int:review_id>/submit/", views.submit, name="submit"),
    path("review/<int:review_id>/submit/confirm/", views.confirm_submit, name="confirm_submit"),
    path("review/<int:review_id>/supplementary/", views.supplementary, name="supplementary"),
    path("review/<int:review_id>/questionnaire.docx", views.docx, name="docx"),
    path("attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path("review/<int:review_id>/desk-review/", views.desk_review, name="desk_review"),
    path("review/<int:review_id>/desk-review/notes/", views.note, name="note"),
    path("review/<int:review_id>/desk-review/responses/", views.respond, name="respond"),
    path("review/<int:review_id>/desk-review/outcome/", views.outcome, name="outcome"),
    path(
        "review/<int:review_id>/desk-review/outcome/save/", views.outcome_save, name="outcome_save"
    ),
    path(
        "review/<int:review_id>/desk-review/outcome/send/", views.outcome_send, name="outcome_send"
    ),
    path(
        "review/<int:review_id>/desk-review/outcome.docx", views.outcome_docx, name="outcome_docx"
    ),
    path("review/<int:review_id>/desk-review/outcome.pdf", views.outcome_pdf, name="outcome_pdf"),
    path("review/<int:review_id>/search/", views.search, name="search"),
]
