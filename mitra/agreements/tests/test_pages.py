"""The agreement pages' defects: renewal is a form, confirmations, history, sign errors."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from mitra.agreements.models import Agreement
from mitra.partners.selectors import ARCHIVED, RESTORED

TODAY = timezone.localdate()


def test_start_renewal_is_a_form_prefilled_and_not_public(client, officer, in_force):
    in_force.is_public = True
    in_force.save()
    client.force_login(officer)
    url = reverse("agreements:renew", args=[in_force.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["title"] == in_force.title and form.initial["is_public"] is False
    assert not Agreement.objects.filter(predecessor=in_force).exists()  # nothing yet
    kaz = in_force.parties.get().partner_id
    response = client.post(url, {"title": "MoU 2026–2031", "partners": [kaz]})
    successor = Agreement.objects.get(predecessor=in_force)
    assert response.status_code == 302 and response["Location"] == successor.get_absolute_url()
    assert successor.title == "MoU 2026–2031" and successor.is_public is False


def test_renewal_is_refused_for_an_agreement_still_being_explored(client, officer, draft):
    client.force_login(officer)
    client.post(reverse("agreements:renew", args=[draft.pk]), {"title": "x"})
    assert not Agreement.objects.filter(predecessor=draft).exists()
    assert "Start renewal" not in client.get(draft.get_absolute_url()).content.decode()


def test_archive_asks_first_and_then_shows_in_the_history(client, officer, draft):
    client.force_login(officer)
    url = reverse("agreements:archive", args=[draft.pk])
    ask = client.get(url)
    assert ask.status_code == 200 and 'name="confirm"' in ask.content.decode()
    client.post(url)  # no confirmation: nothing happens
    draft.refresh_from_db()
    assert draft.archived_at is None
    client.post(url, {"confirm": "1"})
    draft.refresh_from_db()
    assert draft.archived_at is not None
    entries = client.get(draft.get_absolute_url()).context["history"]
    archived = [e for e in entries if e.action == str(ARCHIVED)]
    assert len(archived) == 1 and archived[0].who == officer.username
    client.post(url, {"restore": "1"})
    entries = client.get(draft.get_absolute_url()).context["history"]
    assert [e.action for e in entries if e.action in (str(ARCHIVED), str(RESTORED))] == [
        str(RESTORED),
        str(ARCHIVED),
    ]


def test_terminate_asks_for_confirmation_before_anything_changes(client, officer, in_force):
    client.force_login(officer)
    url = reverse("agreements:step", args=[in_force.pk, "terminate"])
    data = {"date_terminated": "2025-01-01", "termination_reason": "Digantikan"}
    ask = client.post(url, data)
    in_force.refresh_from_db()
    assert ask.status_code == 200 and in_force.status == Agreement.Status.IN_FORCE
    assert 'name="confirm"' in ask.content.decode()
    client.post(url, {**data, "confirm": "1"})
    in_force.refresh_from_db()
    assert in_force.status == Agreement.Status.TERMINATED


def test_a_signature_date_error_does_not_also_flag_the_empty_year(client, officer, draft):
    client.force_login(officer)
    future = (TODAY + dt.timedelta(days=400)).isoformat()
    response = client.post(
        reverse("agreements:step", args=[draft.pk, "sign"]), {"date_signed": future}
    )
    assert response.status_code == 422
    form = response.context["steps"][[s.name for s in response.context["steps"]].index("sign")].form
    assert "date_signed" in form.errors and "signed_year" not in form.errors


def test_a_viewer_sees_no_write_buttons_and_a_404_for_what_is_not_public(client, viewer, draft):
    client.force_login(viewer)
    assert client.get(draft.get_absolute_url()).status_code == 404
    draft.is_public = True
    draft.save()
    body = client.get(draft.get_absolute_url()).content.decode()
    assert reverse("agreements:edit", args=[draft.pk]) not in body


APPS = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("app", ["partners", "agreements"])
def test_templates_read_flags_and_can_never_roles_or_dates(app):
    for template in (APPS / app / "templates").rglob("*.html"):
        text = template.read_text()
        assert "user.role" not in text, template
        assert not re.search(r"current_status\s*==", text), template


@pytest.mark.parametrize("app", ["partners", "agreements"])
def test_registry_apps_import_nothing_above_them(app):
    pattern = re.compile(
        r"^\s*(from|import) mitra\.(insights|interop|plans|meetings|intake|search)"
    )
    offenders = [
        f"{path.name}:{n}"
        for path in (APPS / app).rglob("*.py")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.match(line)
    ]
    assert offenders == []


def test_the_form_refuses_control_characters_in_a_title(client, officer, kazakhstan):
    client.force_login(officer)
    response = client.post(
        reverse("agreements:create"),
        {"title": "MoU\x00baru", "kind": "mou", "partners": [kazakhstan.pk]},
    )
    assert response.status_code == 200 and "title" in response.context["form"].errors
    assert not Agreement.objects.exists()


def test_an_unknown_partner_code_in_the_list_filter_is_named_not_an_empty_list(
    client, officer, in_force
):
    client.force_login(officer)
    response = client.get(reverse("agreements:list"), {"partner": "ZZZ"})
    assert response.status_code == 200
    assert "ZZZ" in str(response.context["form"].errors["partner"])
    assert (
        client.get(reverse("agreements:list"), {"partner": "kaz"}).context["page"].paginator.count
        == 1
    )
