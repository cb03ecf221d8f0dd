from django.urls import path

from revmech.reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.review_list, name="list"),
    path("overview/", views.overview, name="overview"),
    path("overview.csv", views.overview_csv, name="overview_csv"),
    path("overview.xlsx", views.overview_xlsx, name="overview_xlsx"),
    path("phases/", views.phases, name="phases"),
    path("assignments/", views.assignments, name="assignments"),
    path("<int:review_id>/secretariat/", views.secretariat, name="secretariat"),
    path(
        "<int:review_id>/secretariat/change/",
        views.assign_secretariat,
        name="assign_secretariat",
    ),
    path("phases/save/", views.set_phase_calendar, name="set_phase_calendar"),
    path("assistance/", views.assistance, name="assistance"),
    path("assistance/<int:request_id>/", views.update_assistance, name="update_assistance"),
    path("notifications/", views.notifications, name="notifications"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/new/", views.calendar_reset, name="calendar_reset"),
    path("calendar/revoke/", views.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("<int:review_id>/", views.review_detail, name="detail"),
    path(
        "<int:review_id>/consultations/open/",
        views.open_consultations,
        name="open_consultations",
    ),
    path(
        "<int:review_id>/consultations/",
        views.record_consultations,
        name="record_consultations",
    ),
    path(
        "<int:review_id>/self-assessment/",
        views.submit_self_assessment,
        name="submit_self_assessment",
    ),
    path("<int:review_id>/desk-review/", views.send_desk_review, name="send_desk_review"),
    path("<int:review_id>/draft-report/", views.prepare_draft_report, name="prepare_draft_report"),
    path("<int:review_id>/agreement/", views.agree_report, name="agree_report"),
    path("<int:review_id>/communicated/", views.communicate_report, name="communicate_report"),
    path("<int:review_id>/dialogue/ask/", views.ask, name="ask"),
    path("<int:review_id>/dialogue/answer/", views.answer, name="answer"),
    path("<int:review_id>/meetings/", views.schedule_meeting, name="schedule_meeting"),
    path("<int:review_id>/meetings/minutes/", views.record_minutes, name="record_minutes"),
    path("<int:review_id>/visits/", views.propose_visit, name="propose_visit"),
    path("<int:review_id>/visits/decision/", views.decide_visit, name="decide_visit"),
    path("<int:review_id>/visits/record/", views.record_visit, name="record_visit"),
    path("<int:review_id>/documents/", views.upload_document, name="upload_document"),
    path("<int:review_id>/documents.zip", views.documents_zip, name="documents_zip"),
    path(
        "<int:review_id>/documents/<int:version_id>/",
        views.document_download,
        name="document_download",
    ),
    path("<int:review_id>/assistance/", views.request_assistance, name="request_assistance"),
    path("<int:review_id>/references/", views.add_reference, name="add_reference"),
]
