"""Keep in touch: a rhythm (days) per label and per contact, and the day each contact is next
due (kept by contacts.touch), with a partial index so imports, which set no rhythm, pay
nothing for it. Nullable columns: SQLite adds them without rebuilding the table."""

import django.core.validators
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0007_linkedin_sync'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='contact',
            name='keep_in_touch_days',
            field=models.PositiveSmallIntegerField(blank=True, help_text='Leave empty for no reminders. 90 is about every three months, 365 once a year.', null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(3650)], verbose_name='keep in touch every (days)'),
        ),
        migrations.AddField(
            model_name='contact',
            name='touch_due_on',
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='contact',
            name='touch_snoozed_until',
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='label',
            name='keep_in_touch_days',
            field=models.PositiveSmallIntegerField(blank=True, help_text='Leave empty for no reminders. 90 is about every three months, 365 once a year.', null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(3650)], verbose_name='keep in touch every (days)'),
        ),
        migrations.AddIndex(
            model_name='contact',
            index=models.Index(condition=models.Q(('touch_due_on__isnull', False)), fields=['owner', 'touch_due_on'], name='contact_owner_touch_due'),
        ),
    ]
