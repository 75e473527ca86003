"""The liaison through its services: the directory's rules, notices fixed once sent,
corrections, acknowledgements on time and late."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mitra.core.errors import NotAllowed
from mitra.liaison import rules, selectors, services
from mitra.liaison.models import NOTICE_IS_FINAL, ContactPoint, Notice
from mitra.liaison.schemas import ContactIn
from mitra.liaison.tests.conftest import alert

pytestmark = pytest.mark.django_db


def test_a_contact_point_never_verified_is_flagged_and_verifying_clears_it(officer, kaz_nfp):
    assert kaz_nfp.verification_flag == str(rules.NEVER_VERIFIED)
    assert list(selectors.unverified_contacts(user=officer)) == [kaz_nfp]
    services.contact_verify(user=officer, contact=kaz_nfp)
    kaz_nfp.refresh_from_db()
    assert kaz_nfp.verification_flag == ""
    assert list(selectors.unverified_contacts(user=officer)) == []
    assert kaz_nfp.history.first().history_change_reason == "verified"


def test_a_contact_point_verified_more_than_a_year_ago_is_flagged(officer, kaz_nfp):
    long_ago = timezone.localdate() - dt.timedelta(days=366)
    services.contact_verify(user=officer, contact=kaz_nfp, on=long_ago)
    assert kaz_nfp.verification_flag == str(rules.VERIFIED_LONG_AGO)
    assert list(selectors.unverified_contacts(user=officer)) == [kaz_nfp]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"office": "  "}, "office", services.OFFICE_REQUIRED),
        ({"email": ""}, "phone", services.CHANNEL_REQUIRED),
        ({"partner": None}, "partner", services.PARTNER_REQUIRED),
        (
            {"last_verified": timezone.localdate() + dt.timedelta(days=1)},
            "last_verified",
            services.VERIFIED_IN_FUTURE,
        ),
    ],
)
def test_a_contact_point_with_bad_input_is_refused_and_nothing_is_saved(
    officer, kazakhstan, changes, field, message
):
    values = {
        "role": "ihr_nfp",
        "partner": kazakhstan,
        "office": "IHR NFP",
        "email": "nfp@example.kz",
    }
    values.update(changes)
    with pytest.raises(ValidationError) as caught:
        services.contact_create(user=officer, data=ContactIn(**values))
    assert caught.value.message_dict[field] == [str(message)]
    assert ContactPoint.objects.count() == 0


def test_only_the_bureau_keeps_the_directory(focal, coordinator, kazakhstan):
    data = ContactIn(role="ihr_nfp", partner=kazakhstan, office="IHR NFP", phone="1")
    for person in (focal, coordinator):
        with pytest.raises(NotAllowed):
            services.contact_create(user=person, data=data)


def test_a_notice_gets_the_ihr_24_hour_deadline_by_default(officer, kazakhstan, kaz_nfp, desk):
    sent = timezone.now() - dt.timedelta(hours=2)
    notice = services.notice_log(
        user=officer, data=alert(kazakhstan, kaz_nfp, sent_at=sent, from_contact=desk)
    )
    assert notice.ack_deadline == sent + dt.timedelta(hours=24)
    assert notice.logged_by == officer
    assert notice.history.first().history_user == officer


def test_a_notice_without_a_recipient_is_refused(officer, kazakhstan):
    with pytest.raises(ValidationError) as caught:
        services.notice_log(user=officer, data=alert(kazakhstan, None))
    assert caught.value.message_dict["to_contact"] == [str(services.RECIPIENT_REQUIRED)]
    assert Notice.objects.count() == 0


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"event": " "}, "event", services.EVENT_REQUIRED),
        (
            {"sent_at": timezone.now() + dt.timedelta(hours=2)},
            "sent_at",
            services.SENT_IN_FUTURE,
        ),
        (
            {"ack_deadline": timezone.now() - dt.timedelta(hours=3)},
            "ack_deadline",
            services.DEADLINE_BEFORE_SENT,
        ),
        ({"direction": "received"}, "to_contact", services.RECIPIENT_NOT_OURS),
    ],
)
def test_a_notice_with_bad_input_is_refused(officer, kazakhstan, kaz_nfp, extra, field, message):
    with pytest.raises(ValidationError) as caught:
        services.notice_log(user=officer, data=alert(kazakhstan, kaz_nfp, **extra))
    assert caught.value.message_dict[field] == [str(message)]
    assert Notice.objects.count() == 0


def test_a_notice_we_send_goes_to_that_partners_contact_point(officer, kazakhstan, desk):
    with pytest.raises(ValidationError) as caught:
        services.notice_log(user=officer, data=alert(kazakhstan, desk))
    assert caught.value.message_dict["to_contact"] == [str(services.RECIPIENT_NOT_THEIRS)]


def test_a_notice_is_never_changed_once_sent_a_correction_is_a_new_linked_notice(
    officer, kazakhstan, kaz_nfp
):
    notice = services.notice_log(user=officer, data=alert(kazakhstan, kaz_nfp))
    notice.event = "Something else"
    with pytest.raises(ValidationError) as caught:
        notice.save()
    assert caught.value.messages == [str(NOTICE_IS_FINAL)]
    notice.refresh_from_db()
    assert notice.event == "Klaster difteri di perbatasan"

    correction = services.notice_correct(
        user=officer,
        notice=notice,
        data=alert(kazakhstan, kaz_nfp, event="Klaster difteri: 12 kasus, bukan 21"),
    )
    assert correction.corrects == notice
    assert list(selectors.notice_corrections(notice=notice)) == [correction]
    notice.refresh_from_db()
    assert notice.event == "Klaster difteri di perbatasan"
    assert notice.history.count() == 1


def test_an_acknowledgement_in_time_is_not_late(focal, officer, kazakhstan, kaz_nfp):
    notice = services.notice_log(user=officer, data=alert(kazakhstan, kaz_nfp))
    services.notice_acknowledge(user=focal, notice=notice)
    notice.refresh_from_db()
    assert notice.acknowledged_at is not None and notice.ack_late is False


def test_an_acknowledgement_after_the_deadline_is_recorded_as_late(officer, kazakhstan, kaz_nfp):
    sent = timezone.now() - dt.timedelta(hours=30)
    notice = services.notice_log(user=officer, data=alert(kazakhstan, kaz_nfp, sent_at=sent))
    services.notice_acknowledge(user=officer, notice=notice)
    notice.refresh_from_db()
    assert notice.ack_late is True
    assert notice.history.first().history_change_reason == "acknowledged late"
    with pytest.raises(ValidationError) as caught:
        services.notice_acknowledge(user=officer, notice=notice)
    assert caught.value.message_dict["acknowledged_at"] == [str(services.ALREADY_ACKNOWLEDGED)]


def test_an_acknowledgement_before_the_notice_was_sent_is_refused(officer, kazakhstan, kaz_nfp):
    notice = services.notice_log(user=officer, data=alert(kazakhstan, kaz_nfp))
    with pytest.raises(ValidationError) as caught:
        services.notice_acknowledge(
            user=officer, notice=notice, at=notice.sent_at - dt.timedelta(minutes=5)
        )
    assert caught.value.message_dict["acknowledged_at"] == [str(services.ACK_BEFORE_SENT)]
    notice.refresh_from_db()
    assert notice.acknowledged_at is None


def test_coordination_and_viewers_read_nothing_of_the_liaison(
    coordinator, viewer, officer, kazakhstan, kaz_nfp
):
    services.notice_log(user=officer, data=alert(kazakhstan, kaz_nfp))
    for person in (coordinator, viewer):
        assert selectors.directory(user=person) == []
        assert not selectors.notice_list(user=person).exists()
        assert selectors.audience(person) == ""
