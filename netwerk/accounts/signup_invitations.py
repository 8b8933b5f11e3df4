"""Sign-up invitations for an invite-only instance: made here, shown as a link."""

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .models import SignupInvitation


def make_invitation(*, note: str = "", days: int = 14, created_by=None) -> SignupInvitation:
    return SignupInvitation.objects.create(
        note=note[:200], created_by=created_by, expires_at=timezone.now() + timedelta(days=days)
    )


def invitation_link(invitation: SignupInvitation) -> str:
    return settings.SITE_URL + reverse("accounts:signup") + "?" + urlencode({"code": invitation.code})
