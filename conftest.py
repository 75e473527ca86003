"""Shared fixtures: named personas for every role, and the registry's basic records."""

from __future__ import annotations

import os

import pytest

from mitra.accounts.models import Unit, User
from mitra.agreements import services as agreement_services
from mitra.agreements.models import Agreement
from mitra.partners import services as partner_services
from mitra.partners.models import Partner
from mitra.taxonomy.models import CooperationArea

IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture
def bureau(db) -> Unit:
    return Unit.objects.create(code="bks", kind=Unit.Kind.MINISTRY_UNIT, name_id="Biro Kerja Sama")


@pytest.fixture
def p2p(db) -> Unit:
    return Unit.objects.create(code="p2p", kind=Unit.Kind.MINISTRY_UNIT, name_id="Ditjen P2P")


def _user(username: str, role: str, unit: Unit | None = None) -> User:
    return User.objects.create_user(
        username=username, password="pw-" + username, role=role, unit=unit
    )


@pytest.fixture
def officer(bureau) -> User:
    """Olga, a bureau officer: keeps the registry."""
    return _user("olga", User.Role.OFFICER, bureau)


@pytest.fixture
def admin_user(db) -> User:
    """Ade, an administrator: users and reference data, not the registry."""
    return _user("ade", User.Role.ADMIN)


@pytest.fixture
def focal(p2p) -> User:
    """Fajar, focal point of Ditjen P2P."""
    return _user("fajar", User.Role.FOCAL, p2p)


@pytest.fixture
def kemenlu(db) -> Unit:
    """The foreign ministry: an organisation records are shared with."""
    return Unit.objects.create(code="kemenlu", kind=Unit.Kind.MINISTRY, name_id="Kemenlu")


@pytest.fixture
def coordinator(kemenlu) -> User:
    """Citra, from the foreign ministry: reads and comments on what is shared with Kemenlu."""
    return _user("citra", User.Role.COORDINATION, kemenlu)


@pytest.fixture
def viewer(db) -> User:
    """Vina: reads what is public."""
    return _user("vina", User.Role.VIEWER)


@pytest.fixture
def personas(officer, admin_user, focal, coordinator, viewer) -> dict[str, User]:
    return {
        "officer": officer,
        "admin": admin_user,
        "focal": focal,
        "coordination": coordinator,
        "viewer": viewer,
    }


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the interface's default language, whatever the last one left."""
    from django.utils import translation

    with translation.override("id"):
        yield


@pytest.fixture
def kazakhstan(officer) -> Partner:
    return partner_services.partner_create(user=officer, kind="country", code="KAZ")


@pytest.fixture
def two_areas(db) -> list[CooperationArea]:
    return list(CooperationArea.objects.filter(code__in=["primary-care", "vaccines"]))


@pytest.fixture
def draft(officer, kazakhstan, two_areas) -> Agreement:
    return agreement_services.agreement_create(
        user=officer,
        title="MoU kesehatan Indonesia–Kazakhstan",
        parties=[(kazakhstan, "signatory")],
        areas=two_areas,
    )


@pytest.fixture
def in_force(officer, kazakhstan, two_areas) -> Agreement:
    """An MoU in force since 1 March 2024 with two areas (primary care, vaccines)."""
    import datetime as dt

    return agreement_services.agreement_create(
        user=officer,
        title="MoU kesehatan Indonesia–Kazakhstan",
        parties=[(kazakhstan, "signatory")],
        areas=two_areas,
        status=Agreement.Status.IN_FORCE,
        date_signed=dt.date(2024, 2, 1),
        date_in_force=dt.date(2024, 3, 1),
    )


@pytest.fixture
def plan(officer, in_force):
    from mitra.plans import services as plan_services

    return plan_services.plan_create(
        user=officer,
        title="Rencana aksi 2025–2027",
        agreement=in_force,
        start_year=2025,
        end_year=2027,
    )


@pytest.fixture
def p2p_activity(officer, plan, p2p):
    """An activity in primary care owned by Ditjen P2P (Fajar's unit)."""
    from mitra.plans import services as plan_services

    return plan_services.activity_create(
        user=officer,
        plan=plan,
        title="Pelatihan tenaga kesehatan primer",
        kind="training",
        area=CooperationArea.objects.get(code="primary-care"),
        owner_unit=p2p,
    )


@pytest.fixture(autouse=True)
def _fresh_memos():
    """Each test rolls the database back, so data version numbers repeat across tests: start
    every test with nothing remembered."""
    from mitra.core import freshness

    freshness.forget()
    yield
    freshness.forget()


@pytest.fixture(scope="session")
def s3_server():
    """A local S3-compatible server (moto) for the object-storage tests; one per run."""
    from mitra.documents.tests import s3

    with s3.running() as server:
        yield server
