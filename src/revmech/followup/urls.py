"""Pages of the followup app; each name is declared in `permissions.ACCESS`."""

from django.urls import path

from revmech.followup import views

app_name = "followup"
urlpatterns = [
    path("", views.home, name="home"),
    path("needs/", views.need_list, name="needs"),
    path("needs/new/", views.new_need, name="new_need"),
    path("needs/collect/", views.collect, name="collect"),
    path("needs/<int:need_id>/", views.need_detail, name="need"),
    path("needs/<int:need_id>/update/", views.update_need, name="update_need"),
    path("needs/<int:need_id>/report/", views.report_need, name="report_need"),
    path("observations/", views.observation_list, name="observations"),
    path("observations/<int:finding_id>/", views.observation_detail, name="observation"),
    path(
        "observations/<int:finding_id>/progress/",
        views.report_progress,
        name="report_progress",
    ),
]
