from django.urls import path

from revmech.registry import views

app_name = "registry"
urlpatterns = [
    path("instruments/", views.instrument_list, name="instruments"),
    path("instruments/<str:code>/", views.instrument_detail, name="instrument"),
    path("clusters/", views.cluster_list, name="clusters"),
    path("rulebook/", views.rulebook, name="rulebook"),
    path("rulebook/add/", views.add_rulebook_version, name="add_rulebook_version"),
    path("states/", views.state_list, name="states"),
    path("states/to-confirm/", views.to_confirm, name="to_confirm"),
    path("participation/<int:participation_id>/confirm/", views.confirm, name="confirm"),
    path("states/<str:code>/", views.state_detail, name="state"),
]
