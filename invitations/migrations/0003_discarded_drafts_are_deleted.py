"""A discarded draft is gone: drafts withdrawn before they were ever sent were kept as
"withdrawn" and counted so; they are deleted (a sent invitation always has sent_at)."""

from django.db import migrations


def delete_discarded_drafts(apps, schema_editor):
    Invitation = apps.get_model("invitations", "Invitation")
    Invitation.objects.filter(state="withdrawn", sent_at__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("invitations", "0002_incoming_message_signal")]

    # Not reversible in content: the discarded texts are gone, as the member asked.
    operations = [migrations.RunPython(delete_discarded_drafts, migrations.RunPython.noop)]
