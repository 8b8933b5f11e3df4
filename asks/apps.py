from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AsksConfig(AppConfig):
    name = "asks"
    verbose_name = _("Asks and favours")

    def ready(self) -> None:
        # The contact page shows what this contact did for the member and the other way
        # round: contacts offers a registry of page sections and knows nothing of asks.
        from contacts.panels import Panel, register

        from contacts.hooks import ContactReference, register_contact_reference

        from .models import AskedPerson, Favour
        from .panels import help_panel_context

        register_contact_reference(ContactReference(AskedPerson, unique_with=("ask_id",)))
        register_contact_reference(ContactReference(Favour))

        register(Panel(name="asks", template="asks/partials/contact_panel.html", context=help_panel_context))
