from django.urls import path

from . import views

app_name = "invitations"

urlpatterns = [
    path("compose/", views.compose, name="compose"),
    path("compose/check/", views.compose_check, name="compose_check"),
    path("compose/contacts/", views.compose_contacts, name="compose_contacts"),
    path("sent/", views.invitation_list, name="list"),
    path("sent/<int:pk>/", views.invitation_detail, name="detail"),
    path("sent/<int:pk>/send/", views.invitation_send, name="send"),
    path("sent/<int:pk>/state/", views.invitation_state, name="state"),
    path("triage/", views.triage, name="triage"),
]
