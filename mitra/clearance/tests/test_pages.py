"""The clearance page and the API: the same services, the same refusals, what each reader sees,
and the difference between two versions of a DOCX."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as Docx

from mitra.accounts.models import Unit, User
from mitra.agreements import services as agreement_services
from mitra.agreements.models import Agreement
from mitra.clearance import services
from mitra.clearance.models import Clearance, StepDecision
from mitra.clearance.tests.conftest import V2, unit, upload

pytestmark = pytest.mark.django_db


def page_of(world) -> str:
    return f"/agreements/{world.mou.pk}/clearance/"


def login(client, user):
    client.force_login(user)
    return client


def test_the_officer_starts_and_the_assignee_approves_through_the_page(client, world):
    login(client, world.officer)
    response = client.post(page_of(world) + "start/")
    assert response.status_code == 302
    body = client.get(page_of(world)).content.decode()
    assert "Telaah unit teknis" in body and "Menunggu keputusan" in body
    assert "10 hari kerja" in body  # the time limit counts working days
    assert "Kirim keputusan" not in body  # the officer is not the technical unit
    login(client, world.focal)
    body = client.get(page_of(world)).content.decode()
    assert "Kirim keputusan" in body
    response = client.post(page_of(world) + "decide/", {"decision": "approve", "comment": "Oke"})
    assert response.status_code == 302
    assert StepDecision.objects.get().comment == "Oke"


def test_a_decision_by_someone_else_is_refused_with_why(client, world):
    services.clearance_start(user=world.officer, agreement=world.mou)
    login(client, world.lawyer)
    response = client.post(page_of(world) + "decide/", {"decision": "approve"})
    assert response.status_code == 403
    assert "Hanya Ditjen P2P yang dapat memutuskan" in response.content.decode()
    assert StepDecision.objects.count() == 0


def test_a_return_without_a_comment_is_refused_on_the_page(client, world):
    services.clearance_start(user=world.officer, agreement=world.mou)
    login(client, world.focal)
    response = client.post(page_of(world) + "decide/", {"decision": "return", "comment": ""})
    assert response.status_code == 422
    assert "pengembalian memerlukan komentar" in response.content.decode()
    assert Clearance.objects.get().status == Clearance.Status.IN_PROGRESS


def test_signing_from_the_agreement_page_is_refused_while_a_step_is_pending(client, world):
    services.clearance_start(user=world.officer, agreement=world.mou)
    login(client, world.officer)
    response = client.post(
        f"/agreements/{world.mou.pk}/steps/sign/",
        {"date_signed": "2026-01-05", "confirm": "1"},
    )
    assert response.status_code == 422
    # Said once, in the sign step's form (not again by the form's own list of errors).
    assert response.content.decode().count("kliringnya belum selesai") == 1
    world.mou.refresh_from_db()
    assert world.mou.status == Agreement.Status.NEGOTIATING


def test_a_coordination_member_sees_only_a_clearance_with_a_step_of_theirs(client, world):
    kemendag = unit("kemendag", "Kementerian Perdagangan", Unit.Kind.MINISTRY)
    other = User.objects.create_user(
        username="dewi", password="pw-dewi", role=User.Role.COORDINATION, unit=kemendag
    )
    services.clearance_start(user=world.officer, agreement=world.mou)
    assert login(client, other).get(page_of(world)).status_code == 404
    # Starting the clearance shared the draft with Kemenlu, whose step it has: its member reads
    # the agreement and its clearance (and the share is the officer's, in its history).
    assert login(client, world.kemenlu).get(page_of(world)).status_code == 200
    assert login(client, world.kemenlu).get(f"/agreements/{world.mou.pk}/").status_code == 200
    assert login(client, other).get(f"/agreements/{world.mou.pk}/").status_code == 404


def test_a_viewer_never_sees_a_clearance(client, world, viewer):
    Agreement.objects.filter(pk=world.mou.pk).update(is_public=True)
    assert login(client, viewer).get(page_of(world)).status_code == 404


def docx(*paragraphs: str) -> SimpleUploadedFile:
    document = Docx()
    for text in paragraphs:
        document.add_paragraph(text)
    data = io.BytesIO()
    document.save(data)
    return SimpleUploadedFile("mou.docx", data.getvalue())


def test_the_page_shows_what_changed_between_two_docx_versions_escaped(client, world):
    for n, paragraphs in enumerate(
        [
            ("Pasal 1: Tujuan.", "Pasal 2: Berlaku lima tahun.", "<script>alert(1)</script>"),
            ("Pasal 1: Tujuan.", "Pasal 2: Berlaku tiga tahun.", "<script>alert(1)</script>"),
        ],
        start=2,
    ):
        agreement_services.agreement_attach_document(
            user=world.officer,
            agreement=world.mou,
            upload=docx(*paragraphs),
            title=f"Draf v{n}",
            kind="draft",
        )
    body = login(client, world.officer).get(page_of(world)).content.decode()
    assert "Yang berubah dari v2 ke v3" in body
    assert "<del>- Pasal 2: Berlaku lima tahun.</del>" in body
    assert "<ins>+ Pasal 2: Berlaku tiga tahun.</ins>" in body
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body
    # Any two versions on request: v1 (text) against v3 (DOCX).
    body = client.get(page_of(world) + "?old=1&new=3").content.decode()
    assert "Yang berubah dari v1 ke v3" in body and "<del>- Pasal 1: Tujuan kerja sama" in body
    assert client.get(page_of(world) + "?old=1&new=9").status_code == 404


def api(client, method: str, path: str, body: dict | None = None):
    return client.generic(method, "/api/v1" + path, json.dumps(body or {}), "application/json")


def test_the_api_reads_starts_decides_and_refuses_like_the_page(client, world):
    path = f"/agreements/{world.mou.pk}/clearance"
    login(client, world.officer)
    data = api(client, "GET", path).json()
    assert data["clearance"] is None and data["versions"][0]["number"] == 1
    data = api(client, "POST", path).json()
    assert data["locked"] is True
    assert [s["state"] for s in data["clearance"]["steps"]] == [
        "current",
        "waiting",
        "waiting",
        "waiting",
    ]
    refused = api(client, "POST", path + "/approve")
    assert refused.status_code == 403
    assert refused.json()["message"].startswith("Hanya Ditjen P2P")
    login(client, world.focal)
    refused = api(client, "POST", path + "/return", {"comment": " "})
    assert refused.status_code == 422
    assert api(client, "POST", path + "/approve", {"comment": "Oke"}).status_code == 200
    login(client, world.lawyer)
    back = api(client, "POST", path + "/return", {"comment": "Pasal 3.", "back_to": 1})
    assert back.status_code == 200
    steps = back.json()["clearance"]["steps"]
    assert back.json()["clearance"]["status"] == "returned"
    assert steps[0]["state"] == "waiting" and steps[0]["decisions"][0]["reset"] is True
    login(client, world.officer)
    agreement_services.agreement_attach_document(
        user=world.officer,
        agreement=world.mou,
        upload=upload("v2.txt", V2),
        title="v2",
        kind="draft",
    )
    resumed = api(client, "POST", path + "/resubmit").json()
    assert resumed["clearance"]["status"] == "in_progress"
    assert [v["number"] for v in resumed["versions"]] == [1, 2]
