"""A LinkedIn export kept in step: Contact.disconnected_on, job changes, the exports
imported and the removal worklist. On SQLite, a column added to contacts_contact may
rebuild the table, which the note triggers of 0004 would block: they are dropped for the
change and put back after it, as 0006 does."""

import django.db.models.deletion
import django.utils.timezone
import importlib

from django.conf import settings

from django.db import migrations, models



search_text = importlib.import_module("contacts.migrations.0004_contact_search_text")


def drop_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        search_text.remove_triggers(apps, schema_editor)


def restore_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        search_text.install_triggers(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0006_sort_by_dutch_surname_main_part'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_sqlite_triggers, restore_sqlite_triggers, elidable=False),
        migrations.CreateModel(
            name='JobChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('company_before', models.CharField(blank=True, max_length=200, verbose_name='company before')),
                ('position_before', models.CharField(blank=True, max_length=300, verbose_name='position before')),
                ('company', models.CharField(blank=True, max_length=200, verbose_name='company')),
                ('position', models.CharField(blank=True, max_length=300, verbose_name='position')),
                ('noticed_on', models.DateField(verbose_name='noticed on')),
            ],
            options={
                'verbose_name': 'job change',
                'verbose_name_plural': 'job changes',
                'ordering': ['-noticed_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='LinkedInExport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('exported_on', models.DateField()),
                ('latest_connection', models.DateField(null=True)),
                ('connections', models.PositiveIntegerField(default=0)),
                ('imported_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'ordering': ['-exported_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='LinkedInRemoval',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('noticed_on', models.DateField()),
                ('ticked_at', models.DateTimeField(blank=True, null=True)),
                ('confirmed_on', models.DateField(blank=True, null=True)),
            ],
            options={
                'ordering': ['noticed_on', 'id'],
            },
        ),
        migrations.AddField(
            model_name='contact',
            name='disconnected_on',
            field=models.DateField(blank=True, null=True, verbose_name='no longer connected since'),
        ),
        migrations.AddIndex(
            model_name='contact',
            index=models.Index(condition=models.Q(('disconnected_on__isnull', False)), fields=['owner', 'disconnected_on'], name='contact_owner_disconnected'),
        ),
        migrations.AddField(
            model_name='jobchange',
            name='contact',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='job_changes', to='contacts.contact'),
        ),
        migrations.AddField(
            model_name='jobchange',
            name='owner',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='job_changes', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='linkedinexport',
            name='owner',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='linkedin_exports', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='linkedinremoval',
            name='contact',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='linkedin_removals', to='contacts.contact'),
        ),
        migrations.AddField(
            model_name='linkedinremoval',
            name='owner',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='linkedin_removals', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddIndex(
            model_name='jobchange',
            index=models.Index(fields=['contact', '-noticed_on'], name='jobchange_contact_noticed'),
        ),
        migrations.AddIndex(
            model_name='jobchange',
            index=models.Index(fields=['owner', 'noticed_on'], name='jobchange_owner_noticed'),
        ),
        migrations.AddIndex(
            model_name='linkedinexport',
            index=models.Index(fields=['owner', '-exported_on'], name='linkedinexport_owner_date'),
        ),
        migrations.AddIndex(
            model_name='linkedinremoval',
            index=models.Index(fields=['owner', 'confirmed_on'], name='linkedinremoval_owner_open'),
        ),
        migrations.AddConstraint(
            model_name='linkedinremoval',
            constraint=models.UniqueConstraint(condition=models.Q(('confirmed_on__isnull', True)), fields=('contact',), name='linkedinremoval_one_open'),
        ),
        migrations.RunPython(restore_sqlite_triggers, drop_sqlite_triggers, elidable=False),
    ]
