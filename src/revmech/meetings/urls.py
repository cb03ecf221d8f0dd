from django.urls import path

from revmech.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.session_list, name="sessions"),
    path("new/", views.new_session, name="new_session"),
    path("<int:session_id>/", views.session_detail, name="session"),
    path("<int:session_id>/documents/new/", views.new_document, name="new_document"),
    path("documents/<int:document_id>/", views.document_detail, name="document"),
    path("documents/<int:document_id>/<str:language>/", views.document_file, name="file"),
]
