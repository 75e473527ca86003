"""The sectors issue 15 lists; the bureau adds others from the roadmap page."""

from __future__ import annotations

from django.db import migrations

SECTORS = [
    ("pharmaceuticals", "Farmasi", "Pharmaceuticals", "pharmaceuticals"),
    ("medical-devices", "Alat kesehatan", "Medical devices", "devices"),
    ("health-workforce", "Tenaga kesehatan", "Health workforce", ""),
    ("health-services", "Pelayanan kesehatan", "Health services", ""),
    ("traditional-medicine", "Obat tradisional dan herbal", "Traditional and herbal medicine", "herbal"),
    ("vaccines", "Vaksin", "Vaccines", ""),
    ("digital-health", "Kesehatan digital", "Digital health", ""),
    ("medical-tourism", "Wisata medis", "Medical tourism", ""),
]


def add(apps, schema_editor):
    Sector = apps.get_model("roadmap", "Sector")
    for order, (code, name_id, name_en, group) in enumerate(SECTORS, start=1):
        Sector.objects.get_or_create(
            code=code,
            defaults={"name_id": name_id, "name_en": name_en, "product_group": group, "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("roadmap", "0001_roadmap_sectors_assessments")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
