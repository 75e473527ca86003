"""Load the first version of the cooperation-area taxonomy (DESIGN.md)."""

from __future__ import annotations

from django.db import migrations

from mitra.taxonomy.taxonomy_v1 import TAXONOMY


def load(apps, schema_editor):
    try:
        Area = apps.get_model("agreements", "CooperationArea")
    except LookupError:
        # Called with today's app registry (tests reload the data after a flush): the model
        # has moved to taxonomy since this migration was written.
        Area = apps.get_model("taxonomy", "CooperationArea")
    position = 0
    for code, label_id, label_en, kw_id, kw_en, dac, children in TAXONOMY:
        position += 10
        parent, _ = Area.objects.update_or_create(
            code=code,
            defaults=dict(label_id=label_id, label_en=label_en, keywords_id=kw_id,
                          keywords_en=kw_en, dac_codes=dac, position=position, parent=None),
        )
        for c_code, c_id, c_en, c_kw_id, c_kw_en, c_dac, _grand in children:
            position += 1
            Area.objects.update_or_create(
                code=c_code,
                defaults=dict(label_id=c_id, label_en=c_en, keywords_id=c_kw_id,
                              keywords_en=c_kw_en, dac_codes=c_dac, position=position,
                              parent=parent),
            )


class Migration(migrations.Migration):
    dependencies = [("agreements", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
