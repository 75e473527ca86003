"""Partner.areas points at taxonomy.CooperationArea (moved from agreements): state only; the
through table and its rows stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0003_one_line_names'),
        ('taxonomy', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalpartner_areas',
                    name='cooperationarea',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='taxonomy.cooperationarea'),
                ),
                migrations.AlterField(
                    model_name='partner',
                    name='areas',
                    field=models.ManyToManyField(blank=True, help_text='Areas of the partnership itself, besides those of its agreements.', related_name='partners', to='taxonomy.cooperationarea', verbose_name='cooperation areas'),
                ),
            ],
            database_operations=[],
        ),
    ]
