from tests.factories import InvitationFactory

OBJECT_URLS = {
    "invitations:detail": lambda owner: {"pk": InvitationFactory(owner=owner).pk},
    "invitations:send": lambda owner: {"pk": InvitationFactory(owner=owner).pk},
    "invitations:state": lambda owner: {"pk": InvitationFactory(owner=owner, state="sent").pk},
}
