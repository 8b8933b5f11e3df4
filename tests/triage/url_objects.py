from tests.factories import IncomingInvitationFactory


def _invitation(owner):
    return {"pk": IncomingInvitationFactory(owner=owner, profile_url="https://www.linkedin.com/in/someone-new").pk}


OBJECT_URLS = {
    name: _invitation
    for name in (
        "invitations:incoming_detail",
        "invitations:incoming_accept",
        "invitations:incoming_follow_up",
        "invitations:incoming_reply",
        "invitations:incoming_reply_check",
        "invitations:incoming_answer",
        "invitations:incoming_decline",
        "invitations:incoming_snooze",
    )
}
