"""A choice's label on a record (`get_<field>_display`, in every list) is given in the reader's
language whichever language asked first: the labels are kept once per field (core.models.Record),
not translated all again on each call."""

from __future__ import annotations

from django.utils import translation

from mitra.partners.models import Partner


def test_labels_follow_the_readers_language_and_unknown_values_show_as_they_are():
    ngo = Partner(kind=Partner.Kind.NGO, region=Partner.Region.EUROPE)
    with translation.override("en"):
        assert ngo.get_kind_display() == "Non-governmental organisation"
    with translation.override("id"):
        assert ngo.get_kind_display() == "Lembaga swadaya masyarakat"
        assert ngo.get_region_display() == "Eropa"
    with translation.override("en"):
        assert ngo.get_kind_display() == "Non-governmental organisation"
        assert ngo.get_region_display() == "Europe"
    assert Partner(kind="retired-kind").get_kind_display() == "retired-kind"
    assert Partner(region="").get_region_display() == ""
