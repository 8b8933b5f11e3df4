"""A sign-up invitation's member is `user`, the name the account export scopes by."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_one_member_per_address")]

    operations = [
        migrations.RenameField(model_name="signupinvitation", old_name="used_by", new_name="user"),
        migrations.AlterField(
            model_name="signupinvitation",
            name="user",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="used by",
            ),
        ),
    ]
