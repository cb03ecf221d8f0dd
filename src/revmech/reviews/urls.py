from django.urls import path

from revmech.reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.review_list, name="list"),
    path("overview/", views.overview, name="overview"),
    path("overview.csv", views.overview_csv, name="overview_csv"),
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
]
