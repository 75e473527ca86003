from __future__ import annotations

from mitra.agreements import services
from mitra.core import history


def test_history_names_who_changed_which_field_and_which_areas(officer, draft, kazakhstan):
    services.agreement_update(user=officer, agreement=draft, title="MoU baru", areas=[])
    entries = history.entries(draft.history.all())
    changes = {(c.field, c.old, c.new) for e in entries for c in e.changes}
    assert ("judul", "MoU kesehatan Indonesia–Kazakhstan", "MoU baru") in changes
    assert (
        "bidang kerja sama",
        "Pelayanan kesehatan primer dan layanan kesehatan, Vaksin",
        "—",
    ) in changes
    assert {e.who for e in entries} == {"olga"}
    assert entries[-1].action == "membuat"


def test_saves_copy_no_links_and_each_link_change_is_one_row(officer, draft):
    """History grows with the changes made, not with saves × links (issue 16)."""
    from django.apps import apps
    from django.core.files.uploadedfile import SimpleUploadedFile

    links = apps.get_model("agreements", "HistoricalAgreement_documents")
    area_links = apps.get_model("agreements", "HistoricalAgreement_areas")
    for i in range(12):
        upload = SimpleUploadedFile(f"laporan-{i}.txt", f"Laporan kegiatan nomor {i}.".encode())
        services.agreement_attach_document(
            user=officer, agreement=draft, upload=upload, title=f"Laporan {i}", kind="report"
        )
    records_before = draft.history.count()
    for i in range(30):
        services.agreement_update(user=officer, agreement=draft, title=f"MoU revisi {i}")

    assert links.objects.count() == 12  # one row per document attached, none per save
    assert draft.history.count() == records_before + 30  # one record per save, as before
    assert area_links.objects.filter(history__id=draft.pk).count() == 2  # the two areas, once

    primary = [a for a in draft.areas.all() if a.code == "primary-care"]
    services.agreement_update(user=officer, agreement=draft, areas=primary)
    removed = area_links.objects.filter(history__id=draft.pk, change="-")
    assert removed.count() == 1
    entries = history.entries(draft.history.all())
    changes = {(c.field, c.old, c.new) for e in entries for c in e.changes}
    assert ("dokumen", "—", "Laporan 11") in changes
    assert ("bidang kerja sama", "Vaksin", "—") in changes


def test_an_add_or_remove_that_changes_nothing_writes_no_history(officer, draft, two_areas):
    records = draft.history.count()
    services.agreement_update(user=officer, agreement=draft, areas=two_areas)
    assert draft.history.count() == records + 1  # the save itself; the same areas add nothing
