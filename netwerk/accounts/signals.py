from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Profile


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts.create_profile")
def create_profile(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """Every member has a profile, however they were created (sign-up, admin,
    createsuperuser, create_user). Other apps hang their per-member defaults on the
    profile's own post_save."""
    if created and not raw:
        profile = Profile(user=instance, language=settings.LANGUAGE_CODE, time_zone=settings.TIME_ZONE)
        profile.reschedule_digest()
        profile.save()
