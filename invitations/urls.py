from django.urls import path

from . import views
from . import views_triage

app_name = "invitations"

urlpatterns = [
    path("compose/", views.compose, name="compose"),
    path("compose/check/", views.compose_check, name="compose_check"),
    path("compose/contacts/", views.compose_contacts, name="compose_contacts"),
    path("sent/", views.invitation_list, name="list"),
    path("sent/<int:pk>/", views.invitation_detail, name="detail"),
    path("sent/<int:pk>/send/", views.invitation_send, name="send"),
    path("sent/<int:pk>/state/", views.invitation_state, name="state"),
    path("triage/", views_triage.triage, name="triage"),
    path("triage/all/", views_triage.incoming_list, name="incoming_list"),
    path("triage/new/", views_triage.incoming_add, name="incoming_add"),
    path("triage/<int:pk>/", views_triage.incoming_detail, name="incoming_detail"),
    path("triage/<int:pk>/accept/", views_triage.incoming_accept, name="incoming_accept"),
    path("triage/<int:pk>/follow-up/", views_triage.incoming_follow_up, name="incoming_follow_up"),
    path("triage/<int:pk>/reply/", views_triage.incoming_reply, name="incoming_reply"),
    path("triage/<int:pk>/reply/check/", views_triage.incoming_reply_check, name="incoming_reply_check"),
    path("triage/<int:pk>/answer/", views_triage.incoming_answer, name="incoming_answer"),
    path("triage/<int:pk>/decline/", views_triage.incoming_decline, name="incoming_decline"),
    path("triage/<int:pk>/snooze/", views_triage.incoming_snooze, name="incoming_snooze"),
]
