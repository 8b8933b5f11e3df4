from django.urls import path

from . import views

app_name = "invitations"

urlpatterns = [
    path("compose/", views.compose, name="compose"),
    path("triage/", views.triage, name="triage"),
]
