from django.urls import path

from revmech.lots import views

app_name = "lots"
urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("<int:draw_id>/", views.public_detail, name="public_detail"),
    path("<int:draw_id>/protocol.json", views.protocol_download, name="protocol"),
    path("<int:draw_id>/assignment.json", views.assignment_download, name="assignment"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_open, name="meeting_open"),
    path("meetings/<int:draw_id>/", views.meeting, name="meeting"),
    path("meetings/<int:draw_id>/act/", views.meeting_act, name="meeting_act"),
    path("meetings/<int:draw_id>/screen/", views.screen, name="screen"),
    path("meetings/<int:draw_id>/volunteers/", views.add_volunteer, name="add_volunteer"),
]
