from django.urls import path

from .compose import views as compose
from .triage import views as triage

app_name = "invitations"

urlpatterns = [
    path("compose/", compose.compose, name="compose"),
    path("compose/check/", compose.compose_check, name="compose_check"),
    path("compose/contacts/", compose.compose_contacts, name="compose_contacts"),
    path("sent/", compose.invitation_list, name="list"),
    path("sent/<int:pk>/", compose.invitation_detail, name="detail"),
    path("sent/<int:pk>/send/", compose.invitation_send, name="send"),
    path("sent/<int:pk>/state/", compose.invitation_state, name="state"),
    path("triage/", triage.triage, name="triage"),
    path("triage/all/", triage.incoming_list, name="incoming_list"),
    path("triage/new/", triage.incoming_add, name="incoming_add"),
    path("triage/<int:pk>/", triage.incoming_detail, name="incoming_detail"),
    path("triage/<int:pk>/accept/", triage.incoming_accept, name="incoming_accept"),
    path("triage/<int:pk>/follow-up/", triage.incoming_follow_up, name="incoming_follow_up"),
    path("triage/<int:pk>/reply/", triage.incoming_reply, name="incoming_reply"),
    path("triage/<int:pk>/reply/check/", triage.incoming_reply_check, name="incoming_reply_check"),
    path("triage/<int:pk>/answer/", triage.incoming_answer, name="incoming_answer"),
    path("triage/<int:pk>/decline/", triage.incoming_decline, name="incoming_decline"),
    path("triage/<int:pk>/snooze/", triage.incoming_snooze, name="incoming_snooze"),
]
