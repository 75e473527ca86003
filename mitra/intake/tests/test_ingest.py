"""Ingest and review: proposals first, records only when a person accepts them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from mitra.agreements.models import Agreement
from mitra.core.errors import NotAllowed
from mitra.documents import services as document_services
from mitra.intake import services
from mitra.intake.models import Proposal
from mitra.intake.tests.test_extract import SEEDS, needs_corpus
from mitra.meetings.models import Meeting
from mitra.taxonomy.models import CooperationArea

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_002(officer):
    needs_corpus()
    data = (SEEDS / "002_7f8de734f38217f6.txt").read_bytes()
    return document_services.document_store(
        upload=SimpleUploadedFile("kbri-astana.txt", data),
        title="KBRI Astana menjajaki kerja sama kesehatan",
        kind="news",
        user=officer,
    )


@pytest.fixture
def kaz_mou(officer, kazakhstan):
    from mitra.agreements import services as agreement_services

    return agreement_services.agreement_create(
        user=officer,
        title="MoU kesehatan Indonesia–Kazakhstan",
        parties=[(kazakhstan, "signatory")],
        areas=CooperationArea.objects.filter(code="primary-care"),
        status="in_force",
        signed_year=2021,
    )


def test_ingesting_proposes_and_writes_nothing_to_the_registry(officer, kaz_mou, seed_002):
    meetings_before = Meeting.objects.count()
    submission = services.ingest(user=officer, document=seed_002)
    kinds = {p.kind for p in submission.proposals.all()}
    assert {"partner", "meeting", "areas"} <= kinds
    kaz = submission.proposals.get(kind="partner", payload__iso3="KAZ")
    assert kaz.match_partner == kaz_mou.parties.get().partner and kaz.match_score == 100
    assert Meeting.objects.count() == meetings_before
    assert {a.code for a in kaz_mou.areas.all()} == {"primary-care"}


def test_accepting_the_meeting_creates_it_with_its_people_and_the_document(
    officer, kaz_mou, seed_002, kazakhstan
):
    submission = services.ingest(user=officer, document=seed_002)
    for p in submission.proposals.filter(kind="partner").exclude(payload__iso3="KAZ"):
        services.proposal_reject(user=officer, proposal=p)
    meeting_proposal = submission.proposals.get(kind="meeting")
    services.proposal_accept(user=officer, proposal=meeting_proposal, edits={"place": "Astana"})
    meeting = Meeting.objects.get(date=dt.date(2025, 4, 28))
    assert meeting.place == "Astana" and list(meeting.partners.all()) == [kazakhstan]
    people = {p.name: (p.role_title, p.side) for p in meeting.participants.all()}
    assert people["Akmaral Alnazarova"] == ("Menteri Kesehatan Kazakhstan", "partner")
    assert people["Fadjroel Rachman"][1] == "ours"
    assert seed_002 in meeting.documents.all()
    assert kazakhstan in meeting.partners.all()  # so the partner's timeline shows it
    meeting_proposal.refresh_from_db()
    assert meeting_proposal.status == "accepted" and meeting_proposal.decided_by == officer
    assert meeting_proposal.history.count() == 2  # queued, then accepted


def test_an_undecided_partner_blocks_the_meeting_with_a_clear_message(officer, kaz_mou, seed_002):
    submission = services.ingest(user=officer, document=seed_002)
    # The text also names WHO, which this registry does not hold: that proposal is undecided.
    assert submission.proposals.filter(kind="partner", match_partner__isnull=True).exists()
    with pytest.raises(ValidationError) as exc:
        services.proposal_accept(user=officer, proposal=submission.proposals.get(kind="meeting"))
    assert "Terima atau cocokkan mitra" in exc.value.messages[0]
    assert not Meeting.objects.filter(date=dt.date(2025, 4, 28)).exists()


def test_accepting_areas_adds_them_to_the_agreement(officer, kaz_mou, seed_002):
    submission = services.ingest(user=officer, document=seed_002)
    proposal = submission.proposals.get(kind="areas")
    assert proposal.target_agreement == kaz_mou
    services.proposal_accept(user=officer, proposal=proposal)
    codes = {a.code for a in Agreement.objects.get(pk=kaz_mou.pk).areas.all()}
    assert {"primary-care", "vaccines", "nutrition"} <= codes
    assert seed_002 in kaz_mou.documents.all()
    with pytest.raises(ValidationError):
        services.proposal_accept(user=officer, proposal=proposal)  # decided once


def test_a_new_country_partner_is_created_from_its_iso_code(officer, seed_002):
    submission = services.ingest(user=officer, document=seed_002)
    proposal = submission.proposals.get(kind="partner", payload__iso3="KAZ")
    assert proposal.match_partner is None
    services.proposal_accept(user=officer, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.match_partner.code == "KAZ" and proposal.match_partner.name_id == "Kazakhstan"
    assert seed_002 in proposal.match_partner.documents.all()


@pytest.mark.parametrize("role", ["focal", "coordination", "viewer", "admin"])
def test_only_the_bureau_ingests_and_reviews(personas, officer, seed_002, role):
    with pytest.raises(NotAllowed):
        services.ingest(user=personas[role], document=seed_002)
    submission = services.ingest(user=officer, document=seed_002)
    with pytest.raises(NotAllowed):
        services.proposal_accept(user=personas[role], proposal=submission.proposals.first())


def test_a_text_in_another_language_is_refused(officer):
    document = document_services.document_store_text(
        text="Le ministère de la Santé a signé hier un accord de coopération avec le Kazakhstan.",
        title="Accord",
        user=officer,
    )
    with pytest.raises(ValidationError) as exc:
        services.ingest(user=officer, document=document)
    assert exc.value.messages == [str(services.NOT_READABLE_LANGUAGE)]
    assert not Proposal.objects.exists()


def test_the_upload_page_reads_a_pasted_text_and_shows_the_sentence(client, officer, kaz_mou):
    client.force_login(officer)
    text = (
        "Menkes bertemu Menteri Kesehatan Kazakhstan\n"
        "Menteri Kesehatan Budi Gunadi Sadikin bertemu Menteri Kesehatan Kazakhstan Akmaral "
        "Alnazarova di Astana pada Senin (28/4/2025) untuk membahas kerja sama vaksin."
    )
    response = client.post("/review/upload/", {"text": text})
    assert response.status_code == 302
    page = client.get("/review/").content.decode()
    assert "<mark>" in page and "28/4/2025" in page
    assert "2025-04-28" in page


SIGNING_STORY = (
    "Indonesia dan Singapura Teken Nota Kesepahaman Kesehatan\n"
    "Menteri Kesehatan RI Budi Gunadi Sadikin dan Menteri Kesehatan Singapura, Ong Ye Kung, "
    "menandatangani Nota Kesepahaman tentang Kerja Sama Kesehatan di Nusa Dua, Bali, pada "
    "Rabu (14/5/2025). Kerja sama tersebut meliputi pengembangan vaksin, kesehatan digital "
    "dan pelatihan tenaga kesehatan."
)


def test_an_agreement_proposal_keeps_what_was_read_and_accepting_keeps_it_too(officer):
    from mitra.partners import services as partner_services

    singapore = partner_services.partner_create(user=officer, kind="country", code="SGP")
    document = document_services.document_store_text(
        text=SIGNING_STORY, title="MoU Singapura", user=officer
    )
    submission = services.ingest(user=officer, document=document)
    proposal = submission.proposals.get(kind="agreement")
    payload = proposal.payload
    assert payload["title"] == "MoU — Singapura: Kerja Sama Kesehatan"
    assert payload["place"] == "Nusa Dua" and payload["signed_date"] == "2025-05-14"
    assert "vaccines" in payload["areas"] and len(payload["areas"]) >= 2
    assert [p["name"] for p in payload["signatories"]] == ["Budi Gunadi Sadikin", "Ong Ye Kung"]
    # The reviewer drops one area and renames the agreement.
    kept = [c for c in payload["areas"] if c != "vaccines"]
    services.proposal_accept(
        user=officer, proposal=proposal, edits={"areas": kept, "title": "MoU RI–Singapura"}
    )
    agreement = Agreement.objects.get(parties__partner=singapore)
    assert agreement.title == "MoU RI–Singapura" and agreement.place_signed == "Nusa Dua"
    assert agreement.date_signed == dt.date(2025, 5, 14) and agreement.status == "signed"
    assert {a.code for a in agreement.areas.all()} == set(kept)
    assert "Ong Ye Kung (Menteri Kesehatan Singapura)" in agreement.summary
    # Singapore's party row names who signed for it (the role names Singapore, not Indonesia).
    party = agreement.parties.get(partner=singapore)
    assert (party.signatory_name, party.signatory_title) == (
        "Ong Ye Kung",
        "Menteri Kesehatan Singapura",
    )
    assert party.history.first().history_user == officer
    assert document in agreement.documents.all()


def test_a_partner_matching_an_archived_one_offers_and_performs_its_restoration(client, officer):
    from mitra.partners import services as partner_services

    ngo = partner_services.partner_create(
        user=officer, kind="ngo", code="path", name_id="PATH", name_en="PATH"
    )
    partner_services.partner_archive(user=officer, partner=ngo)
    document = document_services.document_store_text(
        text="Kemenkes dan PATH bekerja sama\nKementerian Kesehatan menandatangani nota "
        "kesepahaman dengan PATH di bidang imunisasi.",
        title="PATH",
        user=officer,
    )
    proposal = services.ingest(user=officer, document=document).proposals.get(kind="partner")
    assert proposal.match_partner == ngo
    client.force_login(officer)
    page = client.get("/review/").content.decode()
    assert "diarsipkan" in page  # the card says the match is archived and will be restored
    services.proposal_accept(user=officer, proposal=proposal)
    ngo.refresh_from_db()
    assert not ngo.is_archived


def test_a_pasted_text_without_a_title_is_named_by_its_first_sentence():
    from mitra.intake.text import short_title

    text = (
        "Kementerian Kesehatan dan Organisasi Kesehatan Dunia menandatangani perjanjian hibah "
        "untuk penguatan layanan kesehatan primer di provinsi-provinsi timur. Kalimat kedua."
    )
    title = short_title(text)
    assert title.endswith("…") and len(title) <= 100
    assert text.startswith(title[:-1]) and not title[:-1].endswith(" ")
    assert short_title("Menkes bertemu Dubes Jepang. Lalu…") == "Menkes bertemu Dubes Jepang."
