from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("Contacts")

    def ready(self) -> None:
        from django.db.models import Q

        from . import signals  # noqa: F401
        from .hooks import ContactReference, register_contact_reference
        from .models import Contact, ContactLabel, ContactMethod, Interaction, JobChange, KeyDate, LinkedInRemoval, Note

        for reference in (
            ContactReference(ContactLabel, unique_with=("label_id",)),
            ContactReference(ContactMethod, unique_with=("kind", "key")),
            # The same person imported twice (a phone, a business card) brings the same note
            # and birthday twice: a twin on the kept contact is set aside, not doubled.
            ContactReference(Note, unique_with=("body",)),
            ContactReference(Interaction),
            ContactReference(JobChange),
            ContactReference(KeyDate, unique_with=("name", "date", "yearly")),
            ContactReference(LinkedInRemoval, unique_with=(), unique_when=Q(confirmed_on__isnull=True)),
            ContactReference(Contact, field="introduced_by"),
        ):
            register_contact_reference(reference)
