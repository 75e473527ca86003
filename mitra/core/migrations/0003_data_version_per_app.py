from django.db import migrations, models

# The apps whose counters exist from the start (core/freshness.py TRACKED_APPS); a counter
# missing later is created by the first write that moves it.
APPS = ("accounts", "agreements", "documents", "meetings", "partners", "plans", "sharing")


def app_rows(apps, schema_editor):
    DataVersion = apps.get_model("core", "DataVersion")
    DataVersion.objects.bulk_create(
        [DataVersion(scope=label, n=0) for label in APPS], ignore_conflicts=True
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0002_synthetic_data")]

    operations = [
        migrations.AddField(
            model_name="dataversion",
            name="scope",
            field=models.CharField(default="", max_length=40, unique=True),
        ),
        migrations.RunPython(app_rows, migrations.RunPython.noop),
    ]
