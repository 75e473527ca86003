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
