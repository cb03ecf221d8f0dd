"""Pages of the secretariat's operations; each name is declared in `permissions.ACCESS`."""

from django.urls import path

from revmech.secretariat import views

app_name = "secretariat"
urlpatterns = [
    path("", views.index, name="index"),
    path("budget/", views.budgets, name="budgets"),
    path("budget/<int:proposal_id>/", views.budget, name="budget"),
    path("budget/<int:proposal_id>/revise/", views.revise_budget, name="revise_budget"),
    path("budget/<int:proposal_id>/budget.docx", views.budget_docx, name="budget_docx"),
    path("budget/<int:proposal_id>/budget.xlsx", views.budget_xlsx, name="budget_xlsx"),
    path("contributions/", views.contributions, name="contributions"),
    path("contributions/new/", views.new_contribution, name="new_contribution"),
    path("contributions/<int:contribution_id>/", views.contribution, name="contribution"),
    path("rates/", views.rates, name="rates"),
    path("needs/", views.needs, name="needs"),
    path("needs/new/", views.new_need, name="new_need"),
    path("training/", views.courses, name="courses"),
    path("training/<int:course_id>/", views.course, name="course"),
    path("training/certificates/<int:participant_id>.pdf", views.certificate, name="certificate"),
    path("support/", views.support, name="support"),
    path("support/<int:support_id>/answer/", views.answer_support, name="answer_support"),
    path("languages/", views.languages, name="languages"),
]
