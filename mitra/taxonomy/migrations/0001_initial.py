"""CooperationArea moves here from agreements: state only. Its tables keep their names
(agreements_cooperationarea, agreements_historicalcooperationarea) and their rows; the data
was loaded by agreements 0003_taxonomy_v1."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('agreements', '0005_one_line_titles'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CooperationArea',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.SlugField(max_length=60, unique=True, verbose_name='code')),
                        ('label_id', models.CharField(max_length=200, verbose_name='label (Indonesian)')),
                        ('label_en', models.CharField(max_length=200, verbose_name='label (English)')),
                        ('keywords_id', models.TextField(blank=True, verbose_name='keywords (Indonesian)')),
                        ('keywords_en', models.TextField(blank=True, verbose_name='keywords (English)')),
                        ('dac_codes', models.CharField(blank=True, max_length=100, verbose_name='DAC purpose codes')),
                        ('position', models.PositiveSmallIntegerField(default=0)),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='taxonomy.cooperationarea', verbose_name='parent area')),
                    ],
                    options={
                        'verbose_name': 'cooperation area',
                        'verbose_name_plural': 'cooperation areas',
                        'db_table': 'agreements_cooperationarea',
                        'ordering': ['position'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalCooperationArea',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('code', models.SlugField(max_length=60, verbose_name='code')),
                        ('label_id', models.CharField(max_length=200, verbose_name='label (Indonesian)')),
                        ('label_en', models.CharField(max_length=200, verbose_name='label (English)')),
                        ('keywords_id', models.TextField(blank=True, verbose_name='keywords (Indonesian)')),
                        ('keywords_en', models.TextField(blank=True, verbose_name='keywords (English)')),
                        ('dac_codes', models.CharField(blank=True, max_length=100, verbose_name='DAC purpose codes')),
                        ('position', models.PositiveSmallIntegerField(default=0)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('parent', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='taxonomy.cooperationarea', verbose_name='parent area')),
                    ],
                    options={
                        'verbose_name': 'historical cooperation area',
                        'verbose_name_plural': 'historical cooperation areas',
                        'db_table': 'agreements_historicalcooperationarea',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
            database_operations=[],
        ),
    ]
