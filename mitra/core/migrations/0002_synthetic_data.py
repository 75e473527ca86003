from django.db import migrations, models
import django.utils.timezone


class Migration(migrations.Migration):
    dependencies = [("core", "0001_data_version")]

    operations = [
        migrations.CreateModel(
            name="SyntheticData",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("generated_on", models.DateField()),
                ("generated_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("scale", models.PositiveIntegerField()),
                ("seed", models.IntegerField()),
            ],
        ),
    ]
