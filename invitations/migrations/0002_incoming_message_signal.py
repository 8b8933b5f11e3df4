from django.db import migrations, models

BATCH = 500


def check_stored_messages(apps, schema_editor):
    """Run the personalization check once for every stored message, so that showing an
    invitation never has to."""
    from invitations.models import incoming_message_signal

    IncomingInvitation = apps.get_model("invitations", "IncomingInvitation")
    changed = []
    for invitation in IncomingInvitation.objects.only("pk", "message").iterator(chunk_size=BATCH):
        invitation.message_signal = incoming_message_signal(invitation.message)
        changed.append(invitation)
        if len(changed) >= BATCH:
            IncomingInvitation.objects.bulk_update(changed, ["message_signal"])
            changed = []
    IncomingInvitation.objects.bulk_update(changed, ["message_signal"])


class Migration(migrations.Migration):
    dependencies = [
        ("invitations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="incominginvitation",
            name="message_signal",
            field=models.CharField(
                choices=[("none", "No message"), ("default", "Default text"), ("personal", "Personal")],
                default="",
                editable=False,
                max_length=8,
            ),
        ),
        migrations.RunPython(check_stored_messages, migrations.RunPython.noop),
    ]
