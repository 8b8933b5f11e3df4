"""Forget a member's cached dashboard figures as soon as their network changes.

Only cache invalidation lives here; no rule of the domain does. Writes that send no
signals (bulk_create, QuerySet.update) call netwerk.accounts.cache.forget_member_figures themselves,
and the cache expires after DASHBOARD_CACHE_SECONDS in any case."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from asks.models import Ask, AskedPerson, Favour
from contacts.models import Contact, ContactLabel, ImportJob, Interaction, Label
from invitations.models import IncomingInvitation, Invitation
from reviews.models import ReviewDecision

from .accounts.cache import forget_member_figures

OWNED_MODELS = (
    Contact, Label, Interaction, Invitation, IncomingInvitation, ImportJob, ReviewDecision, Ask, AskedPerson, Favour
)


def forget_after_commit(owner_id) -> None:
    forget_member_figures(owner_id)


@receiver(post_save, dispatch_uid="netwerk.dashboard_forget_on_save")
@receiver(post_delete, dispatch_uid="netwerk.dashboard_forget_on_delete")
def forget_dashboard_of_owner(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    if sender in OWNED_MODELS:
        forget_after_commit(instance.owner_id)
    elif sender is ContactLabel:
        forget_after_commit(Contact.objects.filter(pk=instance.contact_id).values_list("owner_id", flat=True).first())


@receiver(m2m_changed, sender=Contact.labels.through, dispatch_uid="netwerk.dashboard_forget_on_labels")
def forget_dashboard_on_labels(sender, instance, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        forget_after_commit(instance.owner_id)
