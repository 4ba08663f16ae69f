"""A run's lease is recorded the way `jobs` records every lease (`jobs.models.Leased`),
and the pipelines' own recovery sweep gives way to the recovery task of `jobs`."""

from django.db import migrations


def drop_old_sweep(apps, schema_editor):
    periodic = apps.get_model("django_celery_beat", "PeriodicTask")
    periodic.objects.filter(task="pipelines.recover_runs").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pipelines", "0002_team_in_tenancy"),
        ("django_celery_beat", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="pipelinerun", old_name="lease_owner", new_name="worker"),
        migrations.RunPython(drop_old_sweep, migrations.RunPython.noop),
    ]
