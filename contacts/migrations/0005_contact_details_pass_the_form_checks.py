import django.core.validators
from django.db import migrations, models


def move_refused_details_into_notes(apps, schema_editor):
    """Values stored before the contact form and the imports shared their checks (a
    `javascript:` website, "a@x,b@x", "not a phone") would make the contact's edit form
    refuse every save: they leave the contact, and a private note keeps each one."""
    from django.db.models import CharField, Q
    from django.db.models.functions import Cast
    from django.utils import timezone, translation

    from contacts.validation import DETAIL_FIELDS, left_out_note, refusal

    Contact = apps.get_model("contacts", "Contact")
    Note = apps.get_model("contacts", "Note")
    Profile = apps.get_model("accounts", "Profile")
    languages = dict(Profile.objects.values_list("user_id", "language"))
    filled = Q()
    for name in DETAIL_FIELDS:
        filled |= ~Q(**{name: ""})
    rows = (
        Contact.objects.filter(filled)
        .annotate(raw_phone=Cast("phone", CharField()))
        .values_list("pk", "owner_id", "website", "email", "private_email", "raw_phone")
    )
    now = timezone.now()
    for pk, owner_id, website, email, private_email, phone in rows.iterator(chunk_size=2000):
        values = {"website": website, "email": email, "private_email": private_email, "phone": phone or ""}
        refused = [name for name, value in values.items() if value and refusal(name, value) is not None]
        if not refused:
            continue
        with translation.override(languages.get(owner_id) or "nl"):
            for name in refused:
                Note.objects.create(owner_id=owner_id, contact_id=pk, body=left_out_note(name, values[name]), created_at=now)
        Contact.objects.filter(pk=pk).update(**dict.fromkeys(refused, ""))


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0004_contact_search_text'),
        ('accounts', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='contact',
            name='website',
            field=models.URLField(blank=True, max_length=500, validators=[django.core.validators.URLValidator(message='Enter a web address such as https://example.org (http or https).', schemes=['http', 'https'])], verbose_name='website'),
        ),
        migrations.RunPython(move_refused_details_into_notes, migrations.RunPython.noop),
    ]
