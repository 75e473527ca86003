from django.db import migrations

# The area taxonomy joined core/freshness.py TRACKED_APPS: its counter exists from the start, as
# 0003 made the others'.


def taxonomy_row(apps, schema_editor):
    DataVersion = apps.get_model("core", "DataVersion")
    DataVersion.objects.bulk_create([DataVersion(scope="taxonomy", n=0)], ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_data_version_per_app")]

    operations = [migrations.RunPython(taxonomy_row, migrations.RunPython.noop)]
