"""Activity.area points at taxonomy.CooperationArea (moved from agreements): state only; the
column and its values stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0001_initial'),
        ('taxonomy', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='activity',
                    name='area',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='activities', to='taxonomy.cooperationarea', verbose_name='cooperation area'),
                ),
                migrations.AlterField(
                    model_name='historicalactivity',
                    name='area',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='taxonomy.cooperationarea', verbose_name='cooperation area'),
                ),
            ],
            database_operations=[],
        ),
    ]
