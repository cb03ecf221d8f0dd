"""Pages of the followup app; each name is declared in `permissions.ACCESS`."""

from django.urls import path

from revmech.followup import views, views_analysis

app_name = "followup"
urlpatterns = [
    path("", views.home, name="home"),
    path("needs/", views.need_list, name="needs"),
    path("needs/new/", views.new_need, name="new_need"),
    path("needs/collect/", views.collect, name="collect"),
    path("needs/<int:need_id>/", views.need_detail, name="need"),
    path("needs/<int:need_id>/update/", views.update_need, name="update_need"),
    path("needs/<int:need_id>/report/", views.report_need, name="report_need"),
    path("needs/<int:need_id>/share/", views.share_need, name="share_need"),
    path("observations/", views.observation_list, name="observations"),
    path("observations/<int:finding_id>/", views.observation_detail, name="observation"),
    path(
        "observations/<int:finding_id>/progress/",
        views.report_progress,
        name="report_progress",
    ),
    path("analysis/", views_analysis.analysis_page, name="analysis"),
    path("analysis/report.docx", views_analysis.analysis_docx, name="analysis_docx"),
    path("analysis/charts/<slug:key>.svg", views_analysis.analysis_chart, name="analysis_chart"),
    path("analysis/internal/", views_analysis.analysis_internal, name="analysis_internal"),
    path(
        "analysis/internal/report.docx",
        views_analysis.analysis_internal_docx,
        name="analysis_internal_docx",
    ),
    path(
        "analysis/internal/charts/<slug:key>.svg",
        views_analysis.analysis_internal_chart,
        name="analysis_internal_chart",
    ),
    path("good-practices/", views_analysis.good_practices, name="good_practices"),
    path("working-groups/<slug:code>/", views_analysis.working_group, name="working_group"),
    path(
        "working-groups/<slug:code>/report.docx",
        views_analysis.working_group_docx,
        name="working_group_docx",
    ),
    path(
        "working-groups/<slug:code>/charts/<slug:key>.svg",
        views_analysis.working_group_chart,
        name="working_group_chart",
    ),
    path(
        "working-groups/<slug:code>/recommend/",
        views_analysis.recommend,
        name="recommend",
    ),
    path("functioning/", views_analysis.functioning_page, name="functioning"),
    path(
        "functioning/charts/<slug:key>.svg",
        views_analysis.functioning_chart,
        name="functioning_chart",
    ),
    path("functioning/export.docx", views_analysis.functioning_docx, name="functioning_docx"),
    path("functioning/export.csv", views_analysis.functioning_csv, name="functioning_csv"),
]
