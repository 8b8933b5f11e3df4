"""One member per mailbox, whatever the case: a unique index on Lower(email), made after
0005 left every shared address with one member."""

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_confirmed_addresses_and_signup_invitations")]

    operations = [
        migrations.AddConstraint(
            model_name='user',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('email'), condition=models.Q(('email', ''), _negated=True), name='accounts_user_email_unique_ci', violation_error_message='Another member already uses this e-mail address.'),
        ),
    ]
