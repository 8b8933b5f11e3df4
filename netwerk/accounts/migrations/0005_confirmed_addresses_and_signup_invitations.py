"""Addresses can be confirmed (existing members count as confirmed) and sign-up can be
invite-only (SignupInvitation)."""

import django.db.models.deletion
import django.utils.timezone
import netwerk.accounts.models
from django.conf import settings
from django.db import migrations, models


def confirm_existing_members(apps, schema_editor):
    """Members who joined before addresses were confirmed keep sending as before: their
    address counts as confirmed. Where two members share one address (in any case) the
    earliest keeps it and the later ones lose it, unconfirmed: the unique index needs one
    owner per mailbox, and the later one is the one that could have taken another's."""
    User = apps.get_model("accounts", "User")
    seen = set()
    for user in User.objects.exclude(email="").order_by("date_joined", "pk").only("pk", "email"):
        key = user.email.strip().lower()
        if key in seen:
            User.objects.filter(pk=user.pk).update(email="", email_verified=False)
        else:
            seen.add(key)
            User.objects.filter(pk=user.pk).update(email_verified=True)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_members_use_the_admin'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.CreateModel(
            name='SignupInvitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(default=netwerk.accounts.models.new_invitation_code, editable=False, max_length=64, unique=True, verbose_name='code')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='for whom')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='made')),
                ('expires_at', models.DateTimeField(default=netwerk.accounts.models.invitation_expiry, verbose_name='expires')),
                ('used_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='used')),
            ],
            options={
                'verbose_name': 'sign-up invitation',
                'verbose_name_plural': 'sign-up invitations',
                'ordering': ['-created_at'],
            },
        ),
        migrations.AddField(
            model_name='user',
            name='email_verified',
            field=models.BooleanField(default=False, help_text='Set when the member followed the confirmation link sent to their address.', verbose_name='e-mail address confirmed'),
        ),
        migrations.AddField(
            model_name='signupinvitation',
            name='created_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='signupinvitation',
            name='used_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        # Reversing keeps the addresses as they are.
        migrations.RunPython(confirm_existing_members, migrations.RunPython.noop),
    ]
