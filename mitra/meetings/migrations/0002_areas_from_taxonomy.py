"""Meeting.areas points at taxonomy.CooperationArea (moved from agreements): state only; the
through table and its rows stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0001_initial'),
        ('taxonomy', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalmeeting_areas',
                    name='cooperationarea',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='taxonomy.cooperationarea'),
                ),
                migrations.AlterField(
                    model_name='meeting',
                    name='areas',
                    field=models.ManyToManyField(blank=True, related_name='meetings', to='taxonomy.cooperationarea', verbose_name='areas discussed'),
                ),
            ],
            database_operations=[],
        ),
    ]
