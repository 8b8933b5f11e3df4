"""Every member reaches the admin for their own contacts and labels: staff by default,
and the members who signed up before are made staff too."""

from django.db import migrations, models

import netwerk.accounts.models


def make_members_staff(apps, schema_editor):
    apps.get_model("accounts", "User").objects.filter(is_staff=False).update(is_staff=True)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_profile_weekly_suggestions")]

    operations = [
        migrations.AlterModelManagers(name="user", managers=[("objects", netwerk.accounts.models.MemberManager())]),
        migrations.AlterField(
            model_name="user",
            name="is_staff",
            field=models.BooleanField(
                default=True,
                help_text="Lets the member use the admin for their own contacts and labels.",
                verbose_name="staff status",
            ),
        ),
        # Reversing leaves the flags as they are: nobody loses access by a rollback.
        migrations.RunPython(make_members_staff, migrations.RunPython.noop),
    ]
