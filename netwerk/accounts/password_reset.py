"""The password-reset e-mail, sent like every other e-mail (netwerk.lib.emails), in the
member's language."""

from django.conf import settings
from django.contrib.auth import forms as auth_forms

from netwerk.lib import emails


class PasswordResetForm(auth_forms.PasswordResetForm):
    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None):
        profile = getattr(context["user"], "profile", None)
        emails.send(
            "password-reset",
            to=to_email,
            context=context,
            language=profile.language if profile else settings.LANGUAGE_CODE,
            time_zone=profile.time_zone if profile else None,
            headers={"Auto-Submitted": "auto-generated"},
        )
