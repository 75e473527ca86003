"""Sharing by organisation (issue 14 §5): a coordination member reads exactly what is shared
with their ministry or embassy, and a record that is not shared answers 404, never 403."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mitra.accounts.models import Unit, User
from mitra.agreements import selectors as agreement_selectors
from mitra.agreements import services as agreement_services
from mitra.core.errors import NotAllowed, NotFound
from mitra.documents import selectors as document_selectors
from mitra.meetings import selectors as meeting_selectors
from mitra.meetings import services as meeting_services
from mitra.meetings.services import FollowUpIn
from mitra.partners import services as partner_services
from mitra.plans import selectors as plan_selectors
from mitra.plans import services as plan_services
from mitra.search import selectors as search_selectors
from mitra.sharing import services
from mitra.sharing.models import Share

pytestmark = pytest.mark.django_db


@pytest.fixture
def cambodia(officer):
    return partner_services.partner_create(user=officer, kind="country", code="KHM")


@pytest.fixture
def unshared(officer, cambodia):
    return agreement_services.agreement_create(
        user=officer, title="Nota kesepahaman vaksin Kamboja", parties=[(cambodia, "signatory")]
    )


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_coordination_member_reads_only_what_is_shared_with_their_ministry(
    officer, coordinator, kemenlu, in_force, unshared, plan, p2p
):
    services.share_create(user=officer, agreement=in_force, unit=kemenlu)
    meeting = meeting_services.meeting_create(
        user=officer,
        title="Pertemuan teknis",
        kind="technical",
        date=dt.date(2025, 4, 28),
        agreements=[in_force],
        followups=[FollowUpIn("Kirim draf", owner_unit=p2p, due_date=dt.date(2026, 1, 30))],
    )
    hidden_meeting = meeting_services.meeting_create(
        user=officer, title="Rapat internal", kind="technical", agreements=[unshared]
    )
    doc = agreement_services.agreement_attach_document(
        user=officer,
        agreement=unshared,
        upload=SimpleUploadedFile("posisi.txt", b"Posisi runding tentang vaksin.\n"),
        title="Posisi runding",
        kind="draft",
    )

    assert list(agreement_selectors.active(user=coordinator)) == [in_force]
    assert list(plan_selectors.plan_list(user=coordinator)) == [plan]
    assert [m.pk for m in meeting_selectors.meeting_list(user=coordinator)] == [meeting.pk]
    assert meeting_selectors.followup_list(user=coordinator).count() == 1
    # The document of the shared agreement follows it; the unshared one's does not.
    signed = agreement_services.agreement_attach_document(
        user=officer,
        agreement=in_force,
        upload=SimpleUploadedFile("naskah.txt", b"Naskah MoU yang ditandatangani.\n"),
        title="Naskah",
        kind="signed",
    )
    assert list(document_selectors.document_list(user=coordinator)) == [signed]
    with pytest.raises(NotFound):
        agreement_selectors.agreement_get(user=coordinator, pk=unshared.pk)
    with pytest.raises(NotFound):
        meeting_selectors.meeting_get(user=coordinator, pk=hidden_meeting.pk)
    with pytest.raises(NotFound):
        document_selectors.document_get(user=coordinator, pk=doc.pk)

    client = _client(coordinator)
    assert client.get(f"/agreements/{in_force.pk}/").status_code == 200
    # Not 403: the existence of what is not shared does not leak.
    assert client.get(f"/agreements/{unshared.pk}/").status_code == 404
    assert client.get(f"/api/v1/agreements/{unshared.pk}").status_code == 404
    assert client.get(f"/meetings/{hidden_meeting.pk}/").status_code == 404
    assert client.get(f"/documents/{doc.pk}/").status_code == 404
    listed = client.get("/api/v1/agreements").json()
    assert [a["id"] for a in listed["items"]] == [in_force.pk]
    assert "Kamboja" not in client.get("/agreements/").content.decode()


def test_the_brief_and_search_hold_only_what_is_shared(
    officer, coordinator, kemenlu, in_force, kazakhstan
):
    other = agreement_services.agreement_create(
        user=officer, title="Rencana kerja sama farmasi", parties=[(kazakhstan, "signatory")]
    )
    services.share_create(user=officer, agreement=in_force, unit=kemenlu)
    brief = _client(coordinator).get("/partners/KAZ/brief/").content.decode()
    assert in_force.title in brief
    assert other.title not in brief
    assert "Hanya yang dibagikan kepada organisasi Anda yang ditampilkan." in brief
    kinds = {
        (h.entry.kind, h.entry.object_id)
        for h in search_selectors.search(user=coordinator, q="farmasi")
    }
    assert ("agreement", other.pk) not in kinds
    officer_kinds = {
        (h.entry.kind, h.entry.object_id)
        for h in search_selectors.search(user=officer, q="farmasi")
    }
    assert ("agreement", other.pk) in officer_kinds
    found = {
        (h.entry.kind, h.entry.object_id)
        for h in search_selectors.search(user=coordinator, q="kesehatan")
    }
    assert ("agreement", in_force.pk) in found


def test_an_embassy_reads_its_partner_countrys_records(officer, in_force, unshared, kazakhstan):
    embassy = Unit.objects.create(
        code="kbri-astana", kind=Unit.Kind.EMBASSY, name_id="KBRI Astana", country="KAZ"
    )
    attache = User.objects.create_user("eka", password="pw-eka", role="coordination", unit=embassy)
    own_plan = plan_services.plan_create(
        user=officer, title="Rencana tanpa MoU", partner=kazakhstan, start_year=2025, end_year=2026
    )
    assert list(agreement_selectors.active(user=attache)) == [in_force]
    assert own_plan in plan_selectors.plan_list(user=attache)
    assert _client(attache).get(f"/agreements/{unshared.pk}/").status_code == 404


def test_revoking_a_share_archives_it_and_hides_the_record_again(
    officer, coordinator, kemenlu, in_force
):
    share = services.share_create(user=officer, agreement=in_force, unit=kemenlu)
    client = _client(officer)
    response = client.post(f"/agreements/{in_force.pk}/shares/{share.pk}/revoke/")
    assert response.status_code == 302
    share.refresh_from_db()
    assert share.is_archived
    assert [h.history_change_reason for h in share.history.order_by("history_id")] == [
        "shared",
        "revoked",
    ]
    assert share.history.latest().history_user == officer
    assert _client(coordinator).get(f"/agreements/{in_force.pk}/").status_code == 404
    # Shared again later: a new share, the revoked one kept.
    services.share_create(user=officer, agreement=in_force, unit=kemenlu)
    assert Share.objects.filter(agreement=in_force).count() == 2


def test_an_officer_shares_from_the_agreement_page(officer, coordinator, kemenlu, in_force):
    client = _client(officer)
    page = client.get(f"/agreements/{in_force.pk}/").content.decode()
    assert 'value="kemenlu"' in page
    assert client.post(f"/agreements/{in_force.pk}/share/", {"unit": "kemenlu"}).status_code == 302
    assert Share.objects.active().get().unit == kemenlu
    # Shared twice: refused with why, nothing added.
    again = client.post(f"/agreements/{in_force.pk}/share/", {"unit": "kemenlu"})
    assert again.status_code == 422
    assert "sudah dibagikan" in again.content.decode()
    assert Share.objects.count() == 1


def test_only_the_bureau_shares_and_only_with_another_organisation(
    officer, coordinator, focal, kemenlu, in_force, p2p
):
    for user in (coordinator, focal):
        with pytest.raises(NotAllowed):
            services.share_create(user=user, agreement=in_force, unit=kemenlu)
    with pytest.raises(ValidationError) as refused:
        services.share_create(user=officer, agreement=in_force, unit=p2p)
    assert "Ditjen P2P" in refused.value.messages[0]
    share_url = f"/agreements/{in_force.pk}/share/"
    # The focal point reads the agreement and is refused; Citra does not even see it.
    assert _client(focal).post(share_url, {"unit": "kemenlu"}).status_code == 403
    assert _client(coordinator).post(share_url, {"unit": "kemenlu"}).status_code == 404
    assert not Share.objects.exists()


def test_only_an_embassy_sits_in_a_country(db):
    unit = Unit(code="kemendag", kind=Unit.Kind.MINISTRY, name_id="Kemendag", country="KAZ")
    with pytest.raises(ValidationError) as refused:
        unit.full_clean()
    assert "country" in refused.value.message_dict
    bad = Unit(code="kbri", kind=Unit.Kind.EMBASSY, name_id="KBRI", country="kz")
    with pytest.raises(ValidationError):
        bad.full_clean()
