"""Events move here from `assessments`; the table keeps its name and its indexes,
so this only changes Django's state: nothing in the database changes.
"""

import django.db.models.deletion
import django.db.models.fields.json
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
                    name='Event',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('event_id', models.CharField(max_length=128)),
                        ('type', models.CharField(choices=[('pipeline_run', 'Pipeline Run'), ('training_run', 'Training Run'), ('data_validation', 'Data Validation'), ('model_validation', 'Model Validation'), ('model_registered', 'Model Registered'), ('deployment', 'Deployment'), ('rollback', 'Rollback'), ('monitoring_check', 'Monitoring Check'), ('alert', 'Alert'), ('ci_run', 'Ci Run'), ('pipeline_deployed', 'Pipeline Deployed')], max_length=32)),
                        ('occurred_at', models.DateTimeField()),
                        ('received_at', models.DateTimeField(auto_now_add=True)),
                        ('pipeline', models.CharField(blank=True, max_length=200)),
                        ('model_name', models.CharField(blank=True, max_length=200)),
                        ('environment', models.CharField(blank=True, max_length=64)),
                        ('run_id', models.CharField(blank=True, max_length=128)),
                        ('actor_type', models.CharField(blank=True, max_length=16)),
                        ('attributes', models.JSONField(blank=True, default=dict)),
                        ('body_hash', models.CharField(max_length=64)),
                        ('organization', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tenancy.organization')),
                        ('team', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='events', to='tenancy.team')),
                    ],
                    options={
                        'db_table': 'assessments_event',
                        'ordering': ['occurred_at', 'id'],
                        'indexes': [models.Index(fields=['team', 'type', 'occurred_at'], name='event_team_type_time'), models.Index(fields=['team', 'run_id'], name='event_team_run'), models.Index(fields=['team', 'type', 'model_name', 'occurred_at'], name='event_team_type_model_time'), models.Index(models.F('team'), models.F('model_name'), django.db.models.fields.json.KeyTextTransform('version', 'attributes'), condition=models.Q(('type', 'model_registered')), name='event_registered_version'), models.Index(models.F('team'), models.F('model_name'), django.db.models.fields.json.KeyTextTransform('candidate_version', 'attributes'), condition=models.Q(('type', 'model_validation')), name='event_validation_candidate'), models.Index(condition=models.Q(('type', 'pipeline_run')), fields=['team', 'run_id'], name='event_pipeline_run_id'), models.Index(condition=models.Q(('type', 'training_run')), fields=['team', 'run_id'], name='event_training_run_id'), models.Index(condition=models.Q(('attributes__scope', 'model'), ('attributes__status', 'passed'), ('type', 'ci_run')), fields=['team', 'model_name', 'occurred_at'], name='event_passed_model_ci'), models.Index(models.F('team'), django.db.models.fields.json.KeyTextTransform('alert_id', 'attributes'), condition=models.Q(('type', 'alert')), name='event_alert_id')],
                        'constraints': [models.UniqueConstraint(fields=('team', 'event_id'), name='event_id_unique_per_team')],
                    },
                ),
            ],
        ),
    ]
