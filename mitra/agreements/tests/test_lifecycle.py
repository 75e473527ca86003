from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mitra.agreements import lifecycle, rules, selectors, services
from mitra.agreements.models import Agreement
from mitra.core.errors import NotAllowed
from mitra.sharing import services as sharing_services

TODAY = timezone.localdate()
S = Agreement.Status


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_the_full_lifecycle_is_recorded_step_by_step(officer, draft):
    services.agreement_negotiate(user=officer, agreement=draft)
    services.agreement_sign(
        user=officer, agreement=draft, date_signed=dt.date(2021, 3, 1), place_signed="Astana"
    )
    services.agreement_enter_into_force(
        user=officer,
        agreement=draft,
        date_in_force=dt.date(2021, 4, 1),
        date_expiry=TODAY + dt.timedelta(days=400),
    )
    draft.refresh_from_db()
    assert draft.status == S.IN_FORCE
    assert draft.signed_year == 2021
    statuses = list(draft.history.order_by("history_date").values_list("status", flat=True))
    steps = [s for i, s in enumerate(statuses) if i == 0 or statuses[i - 1] != s]
    assert steps == [S.EXPLORING, S.NEGOTIATING, S.SIGNED, S.IN_FORCE]


def test_it_rejects_a_signature_date_in_the_future(officer, draft):
    with pytest.raises(ValidationError) as exc:
        services.agreement_sign(
            user=officer, agreement=draft, date_signed=TODAY + dt.timedelta(days=1)
        )
    assert errors_of(exc)["date_signed"] == [lifecycle.SIGNATURE_IN_FUTURE]
    draft.refresh_from_db()
    assert draft.status == S.EXPLORING and draft.date_signed is None


def test_it_rejects_expiry_before_signature(officer, draft):
    services.agreement_sign(user=officer, agreement=draft, date_signed=dt.date(2024, 5, 1))
    with pytest.raises(ValidationError) as exc:
        services.agreement_enter_into_force(
            user=officer,
            agreement=draft,
            date_in_force=dt.date(2024, 6, 1),
            date_expiry=dt.date(2024, 1, 1),
        )
    assert errors_of(exc)["date_expiry"] == [lifecycle.EXPIRY_BEFORE_IN_FORCE]
    draft.refresh_from_db()
    assert draft.status == S.SIGNED and draft.date_expiry is None


def test_it_rejects_entry_into_force_before_signature(officer, draft):
    services.agreement_sign(user=officer, agreement=draft, date_signed=dt.date(2024, 5, 1))
    with pytest.raises(ValidationError) as exc:
        services.agreement_enter_into_force(
            user=officer, agreement=draft, date_in_force=dt.date(2024, 4, 1)
        )
    assert errors_of(exc)["date_in_force"] == [lifecycle.IN_FORCE_BEFORE_SIGNATURE]


def test_a_step_out_of_order_is_refused(officer, draft):
    with pytest.raises(ValidationError) as exc:
        services.agreement_enter_into_force(
            user=officer, agreement=draft, date_in_force=dt.date(2024, 4, 1)
        )
    assert exc.value.code == "step_out_of_order"
    draft.refresh_from_db()
    assert draft.status == S.EXPLORING


def test_signing_needs_a_date_or_a_year(officer, draft):
    with pytest.raises(ValidationError) as exc:
        services.agreement_sign(user=officer, agreement=draft)
    assert errors_of(exc)["date_signed"] == [lifecycle.SIGNATURE_REQUIRED]
    services.agreement_sign(user=officer, agreement=draft, signed_year=2021)
    assert draft.status == S.SIGNED and draft.date_signed is None


def test_termination_needs_a_date_and_a_reason(officer, draft):
    services.agreement_sign(user=officer, agreement=draft, date_signed=dt.date(2024, 5, 1))
    with pytest.raises(ValidationError) as exc:
        services.agreement_terminate(
            user=officer, agreement=draft, date_terminated=None, reason=" "
        )
    assert set(errors_of(exc)) == {"date_terminated", "termination_reason"}
    services.agreement_terminate(
        user=officer, agreement=draft, date_terminated=dt.date(2024, 7, 1), reason="Superseded"
    )
    assert draft.status == S.TERMINATED


def test_the_database_refuses_a_signed_agreement_without_signature(officer, draft):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=draft.pk).update(status=S.IN_FORCE)


def test_expiry_follows_from_the_date_without_anyone_pressing_a_button(officer, draft):
    services.agreement_sign(user=officer, agreement=draft, date_signed=dt.date(2020, 1, 1))
    services.agreement_enter_into_force(
        user=officer,
        agreement=draft,
        date_in_force=dt.date(2020, 2, 1),
        date_expiry=TODAY - dt.timedelta(days=1),
    )
    listed = selectors.agreement_list(user=officer, status=S.EXPIRED)
    assert [a.pk for a in listed] == [draft.pk]
    assert not selectors.agreement_list(user=officer, status=S.IN_FORCE).exists()
    # The stored status and its history catch up when the daily job runs.
    assert services.agreements_expire_due() == 1
    draft.refresh_from_db()
    assert draft.status == S.EXPIRED
    assert draft.history.first().history_change_reason == "expiry date passed"


def test_an_agreement_is_valid_through_its_expiry_date(officer, draft):
    services.agreement_sign(user=officer, agreement=draft, date_signed=dt.date(2020, 1, 1))
    services.agreement_enter_into_force(
        user=officer, agreement=draft, date_in_force=dt.date(2020, 2, 1), date_expiry=TODAY
    )
    assert selectors.agreement_get(user=officer, pk=draft.pk).current_status == S.IN_FORCE
    assert services.agreements_expire_due() == 0


def test_expiring_within_n_days_lists_only_those(officer, draft, kazakhstan):
    services.agreement_sign(user=officer, agreement=draft, date_signed=dt.date(2020, 1, 1))
    services.agreement_enter_into_force(
        user=officer,
        agreement=draft,
        date_in_force=dt.date(2020, 2, 1),
        date_expiry=TODAY + dt.timedelta(days=30),
    )
    assert selectors.agreement_list(user=officer, expiring_within=30).count() == 1
    assert selectors.agreement_list(user=officer, expiring_within=29).count() == 0


def test_renewal_starts_a_linked_successor(officer, in_force, two_areas):
    successor = services.agreement_renew(user=officer, agreement=in_force)
    assert successor.predecessor == in_force
    assert successor.status == S.NEGOTIATING
    assert set(successor.areas.all()) == set(two_areas)
    assert services.agreement_renew(user=officer, agreement=in_force) == successor


@pytest.mark.parametrize("step", [None, "negotiate", "sign", "terminate"])
def test_only_an_agreement_in_force_or_expired_can_be_renewed(officer, draft, step):
    if step in ("negotiate",):
        services.agreement_negotiate(user=officer, agreement=draft)
    if step in ("sign", "terminate"):
        services.agreement_sign(user=officer, agreement=draft, date_signed=dt.date(2020, 1, 1))
    if step == "terminate":
        services.agreement_terminate(
            user=officer, agreement=draft, date_terminated=dt.date(2021, 1, 1), reason="x"
        )
    with pytest.raises(ValidationError) as exc:
        services.agreement_renew(user=officer, agreement=draft)
    assert exc.value.code == "not_renewable"
    assert not Agreement.objects.filter(predecessor=draft).exists()


def test_an_expired_agreement_can_be_renewed_and_the_successor_is_not_public(officer, in_force):
    services.agreement_update(user=officer, agreement=in_force, is_public=True)
    in_force.date_expiry = TODAY - dt.timedelta(days=1)
    in_force.save()
    assert rules.renewable(in_force)
    successor = services.agreement_renew(user=officer, agreement=in_force, title="MoU 2")
    assert successor.title == "MoU 2" and successor.is_public is False


def test_an_implementing_arrangement_falls_under_an_mou(officer, draft, kazakhstan):
    child = services.agreement_create(
        user=officer,
        title="IA vaccines",
        kind="implementing",
        parent=draft,
        parties=[(kazakhstan, "signatory")],
    )
    assert list(draft.implementing.all()) == [child]
    loi = services.agreement_create(
        user=officer, title="LoI", kind="loi", parties=[(kazakhstan, "signatory")]
    )
    with pytest.raises(ValidationError) as exc:
        services.agreement_create(
            user=officer,
            title="IA bad",
            kind="implementing",
            parent=loi,
            parties=[(kazakhstan, "signatory")],
        )
    assert errors_of(exc)["parent"] == [lifecycle.PARENT_MUST_BE_MOU]


def test_an_agreement_needs_a_party(officer):
    with pytest.raises(ValidationError) as exc:
        services.agreement_create(user=officer, title="Nobody", parties=[])
    assert errors_of(exc)["partners"] == [services.PARTY_REQUIRED]
    assert not Agreement.objects.exists()


@pytest.mark.parametrize("role", ["admin", "focal", "coordination", "viewer"])
def test_only_an_officer_moves_the_lifecycle(personas, draft, role):
    with pytest.raises(NotAllowed):
        services.agreement_negotiate(user=personas[role], agreement=draft)
    with pytest.raises(NotAllowed):
        services.agreement_update(user=personas[role], agreement=draft, title="x")
    with pytest.raises(NotAllowed):
        services.agreement_archive(user=personas[role], agreement=draft)
    draft.refresh_from_db()
    assert draft.status == S.EXPLORING and draft.title != "x" and not draft.is_archived


def test_viewers_see_only_public_agreements(officer, viewer, coordinator, kemenlu, draft):
    assert not selectors.agreement_list(user=viewer).exists()
    # A coordination member reads what is shared with their organisation, public or not.
    assert not selectors.agreement_list(user=coordinator).exists()
    sharing_services.share_create(user=officer, agreement=draft, unit=kemenlu)
    assert selectors.agreement_list(user=coordinator).count() == 1
    services.agreement_update(user=officer, agreement=draft, is_public=True)
    assert selectors.agreement_list(user=viewer).count() == 1


def test_area_filter_includes_sub_areas(officer, kazakhstan):
    from mitra.taxonomy.models import CooperationArea

    sub = CooperationArea.objects.get(code="scholarships-internships")
    services.agreement_create(
        user=officer, title="Scholarships", parties=[(kazakhstan, "signatory")], areas=[sub]
    )
    assert selectors.agreement_list(user=officer, area="health-workforce").count() == 1
    assert selectors.agreement_list(user=officer, area="vaccines").count() == 0


def test_who_signed_for_a_party_is_kept_and_refused_for_a_stranger(officer, focal, draft):
    kazakhstan = draft.parties.get().partner
    party = services.agreement_party_signatory(
        user=officer, agreement=draft, partner=kazakhstan, name=" Aset ", title="Menteri"
    )
    assert (party.signatory_name, party.signatory_title) == ("Aset", "Menteri")
    assert party.history.first().history_user == officer
    with pytest.raises(ValidationError) as refused:
        services.agreement_party_signatory(
            user=officer, agreement=draft, partner=kazakhstan, name="Aset\nBaris"
        )
    assert "signatory_name" in refused.value.message_dict
    from mitra.partners import services as partner_services

    stranger = partner_services.partner_create(user=officer, kind="country", code="KHM")
    with pytest.raises(ValidationError) as refused:
        services.agreement_party_signatory(
            user=officer, agreement=draft, partner=stranger, name="Someone"
        )
    assert "bukan pihak" in refused.value.message_dict["partners"][0]
    with pytest.raises(NotAllowed):
        services.agreement_party_signatory(
            user=focal, agreement=draft, partner=kazakhstan, name="Someone"
        )
    party.refresh_from_db()
    assert party.signatory_name == "Aset"
