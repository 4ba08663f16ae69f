"""Background jobs move here from `assessments`; the table keeps its name, so this
only changes Django's state: nothing in the database changes.
"""

import django.db.models.deletion
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('assessments', '0006_ingest_indexes'),
        ('tenancy', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Job',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('kind', models.CharField(max_length=64)),
                        ('params', models.JSONField(blank=True, default=dict)),
                        ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('succeeded', 'Succeeded'), ('failed', 'Failed')], default='queued', max_length=16)),
                        ('progress', models.PositiveSmallIntegerField(default=0)),
                        ('message', models.CharField(blank=True, max_length=300)),
                        ('result', models.JSONField(blank=True, default=dict)),
                        ('error', models.TextField(blank=True)),
                        ('worker', models.CharField(blank=True, max_length=200)),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('started_at', models.DateTimeField(blank=True, null=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('organization', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='jobs', to='tenancy.organization')),
                    ],
                    options={
                        'db_table': 'assessments_job',
                        'ordering': ['-created_at'],
                        'indexes': [models.Index(fields=['kind', '-created_at'], name='job_kind_recent')],
                    },
                ),
            ],
        ),
    ]
