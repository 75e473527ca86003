from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mitra.liaison import services
from mitra.liaison.schemas import ContactIn, NoticeIn


@pytest.fixture
def desk(officer):
    """Our side's duty desk, reached first."""
    return services.contact_create(
        user=officer,
        data=ContactIn(
            role="own",
            office="Pusat Krisis Kesehatan (duty desk)",
            phone="+62 21 000",
            duty_24_7=True,
            last_verified=timezone.localdate(),
        ),
    )


@pytest.fixture
def kaz_nfp(officer, kazakhstan):
    return services.contact_create(
        user=officer,
        data=ContactIn(
            role="ihr_nfp",
            partner=kazakhstan,
            office="IHR National Focal Point of Kazakhstan",
            email="nfp@example.kz",
            rank=1,
        ),
    )


@pytest.fixture
def kaz_ministry(officer, kazakhstan):
    return services.contact_create(
        user=officer,
        data=ContactIn(
            role="ministry",
            partner=kazakhstan,
            office="Ministry of Health, international department",
            phone="+7 7172 000",
            rank=2,
        ),
    )


def alert(partner, to, *, sent_at=None, **extra):
    values = {
        "partner": partner,
        "kind": "alert",
        "direction": "sent",
        "severity": "high",
        "event": "Klaster difteri di perbatasan",
        "to_contact": to,
        "sent_at": sent_at or timezone.now() - dt.timedelta(hours=1),
    }
    values.update(extra)
    return NoticeIn(**values)
