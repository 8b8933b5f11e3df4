from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self) -> None:
        # A merge of two contacts moves their review history to the one kept.
        from contacts.hooks import ContactReference, register_contact_reference

        from .models import ReviewDecision

        register_contact_reference(ContactReference(ReviewDecision))
