"""Reference pipelines belong to `tenancy.Team` now that teams live in `tenancy`.

The column and its constraint stay as they are: only Django's state changes. It runs
before `assessments` forgets its Team, which this foreign key pointed at until now.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('pipelines', '0001_reference_pipelines'),
        ('tenancy', '0001_initial'),
    ]

    run_before = [
        ('assessments', '0007_models_moved_to_apps'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='referencepipeline',
                    name='team',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reference_pipelines', to='tenancy.team'),
                ),
            ],
        ),
    ]
