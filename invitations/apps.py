from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvitationsConfig(AppConfig):
    name = "invitations"
    verbose_name = _("Invitations")

    def ready(self):
        from contacts.importing import register_invitation_merge

        from .importing import merge_imported_invitations

        register_invitation_merge(merge_imported_invitations)
