"""Organisations, teams, memberships and tokens now live in `tenancy`, events in
`telemetry`, jobs in `jobs`: `assessments` forgets them and points its foreign keys
at `tenancy.Team`.

Only Django's state changes: the tables keep their names and rows. The content
types follow the models, so admin history and permissions stay attached to them.
"""

import django.db.models.deletion
from django.db import migrations, models


#: Each moved model and the app it lives in now.
MOVED = {
    "organization": "tenancy",
    "team": "tenancy",
    "membership": "tenancy",
    "apitoken": "tenancy",
    "event": "telemetry",
    "job": "jobs",
}


def _relabel(apps, old_of, new_of):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, app in MOVED.items():
        old, new = old_of(app), new_of(app)
        if not ContentType.objects.filter(app_label=old, model=model).exists():
            continue
        # A row under the new label can only be an empty one made by an earlier run of
        # post_migrate; the old row carries the admin history and permissions.
        ContentType.objects.filter(app_label=new, model=model).delete()
        ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def content_types_forward(apps, schema_editor):
    _relabel(apps, lambda app: "assessments", lambda app: app)


def content_types_backward(apps, schema_editor):
    _relabel(apps, lambda app: app, lambda app: "assessments")


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0006_ingest_indexes'),
        ('tenancy', '0001_initial'),
        ('telemetry', '0001_initial'),
        ('jobs', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='event',
                    name='organization',
                ),
                migrations.RemoveField(
                    model_name='event',
                    name='team',
                ),
                migrations.RemoveField(
                    model_name='job',
                    name='organization',
                ),
                migrations.RemoveField(
                    model_name='membership',
                    name='organization',
                ),
                migrations.RemoveField(
                    model_name='membership',
                    name='team',
                ),
                migrations.RemoveField(
                    model_name='membership',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='team',
                    name='organization',
                ),
                migrations.AlterField(
                    model_name='assessmentround',
                    name='team',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assessment_rounds', to='tenancy.team'),
                ),
                migrations.AlterField(
                    model_name='scorecardsnapshot',
                    name='team',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scorecard_snapshots', to='tenancy.team'),
                ),
                migrations.DeleteModel(
                    name='ApiToken',
                ),
                migrations.DeleteModel(
                    name='Event',
                ),
                migrations.DeleteModel(
                    name='Job',
                ),
                migrations.DeleteModel(
                    name='Membership',
                ),
                migrations.DeleteModel(
                    name='Organization',
                ),
                migrations.DeleteModel(
                    name='Team',
                ),
            ],
        ),
        migrations.RunPython(content_types_forward, content_types_backward),
    ]
