from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvitationsConfig(AppConfig):
    name = "invitations"
    verbose_name = _("Invitations")

    def ready(self):
        from contacts import hooks

        from .connections import resolve_invitations
        from .importing import merge_imported_invitations
        from .models import IncomingInvitation, Invitation, open_invitation_id

        hooks.register_contact_reference(hooks.ContactReference(Invitation))
        hooks.register_contact_reference(hooks.ContactReference(IncomingInvitation))

        hooks.register_invitation_merge(merge_imported_invitations)
        hooks.register_connection_sync(resolve_invitations)
        hooks.register_detail_annotation("open_invitation_id", open_invitation_id)
