"""Every hostile file of the corpus through every input path that takes files, and hostile
bodies through the API: each is refused with a message in the user's language or stored and
shown safely, within 10 s of CPU and 300 MB more resident memory, and a refusal changes no row
and no stored file."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from mitra.documents import services as document_services
from mitra.documents import text as document_text
from mitra.interop import iati, spreadsheets
from tests.hostile.corpus import (
    API_BODIES,
    DOCUMENT,
    FILES,
    IATI,
    MARKUP,
    SPREADSHEET,
    TRADE,
    Payload,
)

LIMIT_MB = 2
SECONDS = 10
MEGABYTES = 300


@pytest.fixture(autouse=True)
def _small_limits(settings):
    """A 2 MB limit on every upload, so that 'oversized' needs no 25 MB file."""
    settings.MAX_UPLOAD_MB = LIMIT_MB
    settings.MAX_IATI_MB = LIMIT_MB


def test_the_corpus_has_at_least_40_files_and_payloads():
    assert len(FILES) + len(API_BODIES) >= 40
    assert len({p.name for p in FILES}) == len(FILES)


def counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def stored_files() -> set[str]:
    root = Path(default_storage.location)  # type: ignore[attr-defined]
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


@contextmanager
def bounded(what: str) -> Iterator[None]:
    """The block costs at most SECONDS of this process's CPU and grows its resident memory by at
    most MEGABYTES at its peak (the kernel's high-water mark, reset first, so memory that C
    libraries such as lxml or pypdfium take counts too). CPU time, not the wall clock: on a
    machine shared with other jobs the wall clock measures them too (it is bounded loosely, at
    three times as much)."""
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM := VmRSS
    resident = _status_kib("VmRSS")
    began, cpu = time.monotonic(), time.process_time()
    try:
        yield
    finally:
        took, spent = time.monotonic() - began, time.process_time() - cpu
        peak = _status_kib("VmHWM") - resident
    assert spent <= SECONDS, f"{what}: {spent:.1f} s of CPU"
    assert took <= 3 * SECONDS, f"{what}: {took:.1f} s"
    assert peak <= MEGABYTES * 1024, f"{what}: {peak / 1024:.0f} MB more resident memory"


ENGLISH = [
    document_services.FILE_EMPTY,
    document_services.NO_TEXT,
    document_text.PDF_ENCRYPTED,
    document_text.PDF_BROKEN,
    document_text.DOCX_BROKEN,
    document_text.DOCX_BOMB,
    document_text.TEXT_ENCODING,
]


def refused_clearly(body: str) -> bool:
    """The page shows an error, in Indonesian (none of the refusals' English texts)."""
    shown = 'class="flash error"' in body or "errorlist" in body or 'role="alert"' in body
    with translation.override("en"):
        english = [str(text) for text in ENGLISH]
    return shown and '<html lang="id">' in body and not any(text in body for text in english)


def by_path(path: str) -> list[Payload]:
    return [p for p in FILES if path in p.paths]


# An upload that runs as a background job leaves the job (and its history) as the record of the
# refusal, which the user reads on the job's page: that is not a change of the registry.
JOB_RECORDS = {"jobs.Job", "jobs.HistoricalJob", "django_tasks_db.DBTaskResult"}


def assert_unchanged(before: dict[str, int], files_before: set[str], what: str) -> None:
    after = counts()
    changed = {
        k: (v, after[k]) for k, v in before.items() if after[k] != v and k not in JOB_RECORDS
    }
    assert changed == {}, what
    assert stored_files() == files_before, what


# --- documents: agreement attachments, activity evidence, the review queue's upload ----------


@pytest.fixture
def document_targets(officer, draft, p2p_activity) -> dict[str, tuple[str, dict[str, str]]]:
    return {
        "attachment": (
            reverse("agreements:document_upload", args=[draft.pk]),
            {"title": "Lampiran", "kind": "signed"},
        ),
        "evidence": (
            reverse("plans:activity_evidence", args=[p2p_activity.pk]),
            {"title": "Bukti"},
        ),
        "review": (reverse("intake:upload"), {"title": "Berita"}),
    }


@pytest.mark.parametrize("target", ["attachment", "evidence", "review"])
@pytest.mark.parametrize("payload", by_path(DOCUMENT), ids=lambda p: p.name)
def test_a_hostile_document_is_refused_clearly_or_stored_safely(
    client, officer, document_targets, target, payload
):
    client.force_login(officer)
    url, fields = document_targets[target]
    data = payload.data
    before, files_before = counts(), stored_files()
    documents = apps.get_model("documents", "Document")
    newest = documents.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    with bounded(f"{payload.name} as {target}"):
        upload = SimpleUploadedFile(payload.name, data)
        response = client.post(url, {**fields, "file": upload}, follow=True)

    assert response.status_code < 500
    body = response.content.decode()
    added = documents.objects.filter(pk__gt=newest).first()
    if added is None:
        assert refused_clearly(body), (payload.name, target)
        assert_unchanged(before, files_before, payload.name)
        return
    assert DOCUMENT in payload.may_store, f"{payload.name} should have been refused ({target})"
    detail = client.get(added.get_absolute_url()).content.decode()
    assert "<script>alert" not in detail and "<img src=x" not in detail  # shown escaped
    assert added.content_type != "image/svg+xml"
    download = client.get(reverse("documents:file", args=[added.pk]))
    assert download["Content-Disposition"].startswith("attachment")  # never shown inline
    assert download["X-Content-Type-Options"] == "nosniff"


# --- spreadsheets: the import page (upload, check, import) and the command line's reader -----


@pytest.mark.parametrize("payload", by_path(SPREADSHEET), ids=lambda p: p.name)
def test_a_hostile_spreadsheet_is_refused_clearly_or_imported_as_plain_text(
    client, officer, kazakhstan, payload
):
    client.force_login(officer)
    before, files_before = counts(), stored_files()
    partners = apps.get_model("partners", "Partner")

    with bounded(payload.name):
        response = client.post(
            reverse("interop:upload"),
            {"file": SimpleUploadedFile(payload.name, payload.data), "table": "partners"},
        )
        assert response.status_code == 302
        page = client.get(response["Location"], follow=True)
        assert page.status_code < 500
        imported = None
        if "/interop/import/" in response["Location"] and page.redirect_chain == []:
            name = response["Location"].split("/interop/import/")[1].split("/")[0]
            tables = spreadsheets.read_tables(payload.data, payload.name, "partners")
            post: dict[str, Any] = {"action": "import", "table": "partners"}
            for table, rows in tables.items():
                for index, key in spreadsheets.default_mapping(table, rows[0]).items():
                    post[f"map-{table}-{index}"] = key
            imported = client.post(reverse("interop:mapping", args=[name]), post, follow=True)
            assert imported.status_code < 500

    new = partners.objects.exclude(code="KAZ")
    if not new.exists():
        body = (imported or page).content.decode()
        assert "error" in body or "masalah" in body.lower() or "bukan" in body, payload.name
        assert counts() == before
        return
    assert SPREADSHEET in payload.may_store, f"{payload.name} should have been refused"
    for partner in new:
        page = client.get(partner.get_absolute_url()).content.decode()
        assert MARKUP not in page
    assert files_before <= stored_files()


# --- IATI: the page and the service the command line calls ------------------------------------


@pytest.mark.parametrize("payload", by_path(IATI), ids=lambda p: p.name)
def test_a_hostile_iati_file_is_refused_clearly_or_imported_as_plain_text(
    client, officer, payload, tmp_path
):
    client.force_login(officer)
    before, files_before = counts(), stored_files()
    activities = apps.get_model("interop", "IatiActivity")

    with bounded(payload.name):
        page = client.post(
            reverse("interop:iati_upload"),
            {"file": SimpleUploadedFile(payload.name, payload.data)},
            follow=True,
        )
    assert page.status_code < 500
    if not activities.objects.exists():
        body = page.content.decode()
        assert "error" in body, payload.name
        job = apps.get_model("jobs", "Job").objects.order_by("pk").last()
        if job is not None:  # the page ran the import as a job: it failed, saying why
            assert job.is_failed and job.error, payload.name
        assert_unchanged(before, files_before, payload.name)
        # The command line's path: the same service, the same refusal.
        path = tmp_path / payload.name
        path.write_bytes(payload.data)
        with bounded(f"{payload.name} (command line)"), pytest.raises(ValidationError):
            iati.import_file(user=officer, path=path)
        assert_unchanged(before, files_before, payload.name)
        return
    assert IATI in payload.may_store, f"{payload.name} should have been refused"
    assert "<script>" not in page.content.decode().split("<main")[-1].replace("&lt;script", "")


# --- trade figures: the page and the command line -----------------------------------------


@pytest.mark.parametrize("payload", by_path(TRADE), ids=lambda p: p.name)
def test_a_hostile_trade_file_is_refused_clearly_or_kept_as_plain_text(
    client, officer, payload, tmp_path, capsys
):
    from mitra import cli

    client.force_login(officer)
    before, files_before = counts(), stored_files()
    flows = apps.get_model("trade", "TradeFlow")

    with bounded(payload.name):
        page = client.post(
            reverse("trade:upload"), {"file": SimpleUploadedFile(payload.name, payload.data)}
        )
    assert page.status_code < 500
    if not flows.objects.exists():
        assert page.status_code == 400 and refused_clearly(page.content.decode()), payload.name
        assert_unchanged(before, files_before, payload.name)
        # The command line: `mitra import trade FILE` says why on stderr and exits 1.
        path = tmp_path / payload.name
        path.write_bytes(payload.data)
        capsys.readouterr()
        with bounded(f"{payload.name} (command line)"):
            status = cli.import_trade(officer, path, dry_run=False)
        err = capsys.readouterr().err
        assert status == 1 and err.strip() and "Traceback" not in err, payload.name
        assert_unchanged(before, files_before, payload.name)
        return
    assert TRADE in payload.may_store, f"{payload.name} should have been refused"
    for url in (reverse("trade:index"),):
        shown = client.get(url).content.decode()
        assert "<script>alert" not in shown and "<img src=x" not in shown, url


# --- the API ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "body"), API_BODIES, ids=[n for n, _b in API_BODIES])
def test_a_hostile_api_body_is_refused_with_a_4xx_or_stored_as_text(client, officer, name, body):
    client.force_login(officer)
    before = counts()
    with bounded(name):
        response = client.post("/api/v1/partners", body, content_type="application/json")
    assert 400 <= response.status_code < 500 or response.status_code in (200, 201), name
    if response.status_code >= 400:
        assert response.json()["message"], name
        assert counts() == before
        return
    listing = client.get("/partners/").content.decode()
    assert MARKUP not in listing
