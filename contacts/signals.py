from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from netwerk.accounts.models import Profile

from . import touch
from .models import Interaction, Label, LabelKind, ensure_review_label


@receiver(post_save, sender=Profile, dispatch_uid="contacts.review_label_for_new_member")
def review_label_for_new_member(sender, instance: Profile, created: bool, raw: bool = False, **kwargs) -> None:
    """Every member has a review label from the moment their profile exists."""
    if created and not raw:
        ensure_review_label(instance.user, instance.language)


@receiver(pre_save, sender=Profile, dispatch_uid="contacts.rename_review_label_with_language")
def rename_review_label_with_language(sender, instance: Profile, raw: bool = False, **kwargs) -> None:
    """When a member switches language, a review label still carrying the old language's
    default name follows to the new one; a name the member chose is left alone."""
    if raw or instance.pk is None:
        return
    old_language = Profile.objects.filter(pk=instance.pk).values_list("language", flat=True).first()
    if old_language is None or old_language == instance.language:
        return
    new_name = Label.default_review_name(instance.language)
    if Label.objects.filter(owner_id=instance.user_id, name__iexact=new_name).exists():
        return
    Label.objects.filter(
        owner_id=instance.user_id, kind=LabelKind.REVIEW, name=Label.default_review_name(old_language)
    ).update(name=new_name)


@receiver(post_save, sender=Interaction, dispatch_uid="contacts.touch_after_interaction_saved")
def touch_after_interaction(sender, instance: Interaction, raw: bool = False, **kwargs) -> None:
    """An interaction moves its contact's next keep-in-touch date (contacts.touch). Not on
    delete: a post_delete receiver would make every cascade (purging archived contacts)
    load their interactions one by one; the views that delete one call touch.refresh."""
    if raw or not instance.contact_id:
        return
    touch.refresh(owner_id=instance.owner_id, contact_ids=[instance.contact_id])
