from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from mitra.agreements import services


def test_expire_agreements_writes_the_status_its_date_implies(officer, draft):
    services.agreement_sign(user=officer, agreement=draft, date_signed=dt.date(2020, 1, 1))
    services.agreement_enter_into_force(
        user=officer,
        agreement=draft,
        date_in_force=dt.date(2020, 2, 1),
        date_expiry=timezone.localdate() - dt.timedelta(days=2),
    )
    out = StringIO()
    call_command("expire_agreements", stdout=out)
    draft.refresh_from_db()
    assert draft.status == "expired"
    assert out.getvalue().strip() == "1 agreement(s) marked expired."
