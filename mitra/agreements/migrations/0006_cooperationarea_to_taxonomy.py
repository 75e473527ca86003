"""CooperationArea has moved to mitra.taxonomy: Agreement.areas points there and the model
leaves this app's state. Nothing in the database changes (the tables keep their names)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agreements', '0005_one_line_titles'),
        ('meetings', '0002_areas_from_taxonomy'),
        ('partners', '0004_areas_from_taxonomy'),
        ('plans', '0002_area_from_taxonomy'),
        ('taxonomy', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='historicalcooperationarea',
                    name='parent',
                ),
                migrations.AlterField(
                    model_name='historicalagreement_areas',
                    name='cooperationarea',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='taxonomy.cooperationarea'),
                ),
                migrations.RemoveField(
                    model_name='historicalcooperationarea',
                    name='history_user',
                ),
                migrations.AlterField(
                    model_name='agreement',
                    name='areas',
                    field=models.ManyToManyField(blank=True, related_name='agreements', to='taxonomy.cooperationarea', verbose_name='cooperation areas'),
                ),
                migrations.DeleteModel(
                    name='CooperationArea',
                ),
                migrations.DeleteModel(
                    name='HistoricalCooperationArea',
                ),
            ],
            database_operations=[],
        ),
    ]
