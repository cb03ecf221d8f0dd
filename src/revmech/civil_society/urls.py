"""Pages of the civil_society app; each name is declared in `permissions.ACCESS`."""

from django.urls import path

from revmech.civil_society import views

app_name = "civil_society"
urlpatterns = [
    path("", views.briefings, name="briefings"),
    path("briefings/new/", views.new_briefing, name="new_briefing"),
    path("briefings/<int:briefing_id>/", views.briefing, name="briefing"),
    path("briefings/<int:briefing_id>/invite/", views.invite, name="invite"),
    path("briefings/<int:briefing_id>/materials/", views.materials, name="materials"),
    path("briefings/<int:briefing_id>/attend/", views.attend, name="attend"),
    path("briefings/<int:briefing_id>/summary/", views.summary, name="summary"),
    path("summaries/<int:summary_id>/issue/", views.issue_summary, name="issue_summary"),
    path("organizations/", views.organizations, name="organizations"),
    path("organizations/new/", views.new_organization, name="new_organization"),
    path("organizations/<int:organization_id>/", views.organization, name="organization"),
    path(
        "organizations/<int:organization_id>/edit/",
        views.edit_organization,
        name="edit_organization",
    ),
    path("organizations/<int:organization_id>/admit/", views.admit, name="admit"),
    path(
        "organizations/<int:organization_id>/representatives/new/",
        views.add_representative,
        name="add_representative",
    ),
    path(
        "organizations/<int:organization_id>/representatives/end/",
        views.end_representative,
        name="end_representative",
    ),
    path("organizations/<int:organization_id>/report/", views.report, name="report"),
    path("invitations/<int:invitation_id>/", views.invitation, name="invitation"),
    path("invitations/<int:invitation_id>/confirm/", views.confirm, name="confirm"),
    path("invitations/<int:invitation_id>/comment/", views.comment, name="comment"),
    path("invitations/<int:invitation_id>/object/", views.object_to, name="object"),
    path("comments/<int:comment_id>/check/", views.check_comment, name="check_comment"),
    path("objections/<int:objection_id>/", views.objection, name="objection"),
    path("objections/<int:objection_id>/decide/", views.decide, name="decide"),
]
