"""Comments (issue 14 §4): threads on records, @mentions that notify at once and are refused
for someone who cannot see the record, a 15-minute correction window with every version kept,
open questions per partner, and text that never runs as markup."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from mitra.comments import selectors, services
from mitra.comments.models import Comment
from mitra.core.errors import NotAllowed, NotFound
from mitra.meetings import services as meeting_services
from mitra.meetings.services import FollowUpIn
from mitra.notifications.models import Notification, Outbox
from mitra.sharing import services as sharing_services

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><b>tebal</b>'


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_mention_notifies_the_person_at_once_in_mitra_and_by_e_mail(officer, focal, in_force):
    focal.email = "fajar@kemkes.go.id"
    focal.save()
    comment = services.comment_post(
        user=officer, kind="agreement", target=in_force, body="@Fajar mohon cek data ini."
    )
    note = Notification.objects.get(recipient=focal)
    assert note.kind == "mention"
    assert note.url == f"/comments/agreement/{in_force.pk}/#comment-{comment.pk}"
    assert note.params["author"] == "olga"
    assert list(comment.mentions.all()) == [focal]
    assert Outbox.objects.get(recipient=focal).subject.startswith("Mitra: olga menyebut")


def test_a_mention_of_someone_who_cannot_see_the_record_is_refused_with_why(
    officer, coordinator, viewer, in_force
):
    # Not shared with Kemenlu: Citra cannot read it, so she cannot be mentioned on it.
    with pytest.raises(ValidationError) as refused:
        services.comment_post(
            user=officer, kind="agreement", target=in_force, body="@citra dan @vina, lihat ini"
        )
    messages = refused.value.message_dict["body"]
    assert len(messages) == 2
    assert all("tidak dapat melihat" in m for m in messages)
    assert "@citra" in messages[0] and "@vina" in messages[1]
    with pytest.raises(ValidationError) as unknown:
        services.comment_post(user=officer, kind="agreement", target=in_force, body="@siapa?")
    assert "@siapa?" not in unknown.value.messages[0]
    assert not Comment.objects.exists() and not Notification.objects.exists()


def test_a_coordination_member_comments_on_what_is_shared_and_nothing_else(
    officer, coordinator, kemenlu, in_force, kazakhstan
):
    from mitra.agreements import services as agreement_services

    other = agreement_services.agreement_create(
        user=officer, title="MoU lain", parties=[(kazakhstan, "signatory")]
    )
    sharing_services.share_create(user=officer, agreement=in_force, unit=kemenlu)
    client = _client(coordinator)
    posted = client.post(
        f"/comments/agreement/{in_force.pk}/post/", {"body": "@olga kapan rapat berikutnya?"}
    )
    assert posted.status_code == 302
    assert Notification.objects.get(recipient=officer).kind == "mention"
    assert (
        client.post(f"/comments/agreement/{other.pk}/post/", {"body": "boleh?"}).status_code == 404
    )
    assert client.get(f"/comments/agreement/{other.pk}/").status_code == 404
    # The service refuses it too, whoever calls it.
    with pytest.raises(NotFound):
        services.comment_post(user=coordinator, kind="agreement", target=other, body="boleh?")
    assert Comment.objects.count() == 1


def test_replies_join_the_thread_of_the_comment_they_answer(officer, focal, in_force, plan):
    first = services.comment_post(user=officer, kind="agreement", target=in_force, body="Awal")
    reply = services.comment_post(
        user=focal, kind="agreement", target=in_force, body="Jawab", parent=first
    )
    again = services.comment_post(
        user=officer, kind="agreement", target=in_force, body="Lagi", parent=reply
    )
    assert again.parent == first
    [top] = selectors.thread(user=officer, kind="agreement", target=in_force)
    assert [c.body for c in top.replies.all()] == ["Jawab", "Lagi"]
    with pytest.raises(ValidationError):
        services.comment_post(user=officer, kind="plan", target=plan, body="x", parent=first)


def test_a_comment_is_corrected_within_15_minutes_then_locked_and_every_version_kept(
    officer, focal, in_force
):
    posted_at = timezone.now() - dt.timedelta(minutes=10)
    comment = services.comment_post(
        user=officer, kind="agreement", target=in_force, body="Versi satu", now=posted_at
    )
    with pytest.raises(NotAllowed):
        services.comment_edit(user=focal, comment=comment, body="bukan milik saya")
    services.comment_edit(user=officer, comment=comment, body="Versi dua")
    later = posted_at + dt.timedelta(minutes=16)
    with pytest.raises(ValidationError) as locked:
        services.comment_edit(user=officer, comment=comment, body="Versi tiga", now=later)
    assert "15" in locked.value.messages[0]
    comment.refresh_from_db()
    assert comment.body == "Versi dua"
    assert [h.body for h in comment.history.order_by("history_id")] == ["Versi satu", "Versi dua"]
    assert comment.history.latest().history_user == officer


def test_a_correction_tells_only_the_newly_mentioned(officer, focal, admin_user, in_force):
    comment = services.comment_post(user=officer, kind="agreement", target=in_force, body="@fajar")
    services.comment_edit(user=officer, comment=comment, body="@fajar dan @ade")
    assert Notification.objects.filter(recipient=focal).count() == 1
    assert Notification.objects.filter(recipient=admin_user).count() == 1


def test_open_questions_are_listed_per_partner_until_answered(
    officer, focal, in_force, kazakhstan, p2p
):
    meeting = meeting_services.meeting_create(
        user=officer,
        title="Rapat",
        kind="technical",
        partners=[kazakhstan],
        followups=[FollowUpIn("Kirim", owner_unit=p2p, due_date=dt.date(2026, 1, 30))],
    )
    followup = meeting.followups.get()
    q1 = services.comment_post(
        user=focal,
        kind="agreement",
        target=in_force,
        body="Siapa penanggung jawab?",
        is_question=True,
    )
    q2 = services.comment_post(
        user=focal, kind="followup", target=followup, body="Tenggat bisa mundur?", is_question=True
    )
    services.comment_post(user=focal, kind="agreement", target=in_force, body="Bukan pertanyaan")
    assert list(selectors.open_questions(user=officer, partner=kazakhstan)) == [q2, q1]
    page = _client(officer).get("/comments/questions/?partner=KAZ").content.decode()
    assert "Siapa penanggung jawab?" in page and "Bukan pertanyaan" not in page
    services.question_answer(user=officer, comment=q1)
    assert list(selectors.open_questions(user=officer, partner=kazakhstan)) == [q2]
    assert q1.history.latest().history_change_reason == "answered"


def test_html_or_script_in_a_comment_is_shown_as_text_everywhere(officer, focal, in_force):
    focal.email = "fajar@kemkes.go.id"
    focal.save()
    services.comment_post(user=officer, kind="agreement", target=in_force, body=f"@fajar {SCRIPT}")
    page = _client(officer).get(f"/comments/agreement/{in_force.pk}/").content.decode()
    assert "<script>alert" not in page and "<b>tebal</b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    fragment = _client(officer).get(
        f"/comments/agreement/{in_force.pk}/", headers={"HX-Request": "true"}
    )
    assert "<script>alert" not in fragment.content.decode()
    assert "<html" not in fragment.content.decode()


def test_bad_input_leaves_nothing_behind(officer, in_force):
    client = _client(officer)
    for body in ("", "   ", "x" * 5001):
        response = client.post(f"/comments/agreement/{in_force.pk}/post/", {"body": body})
        assert response.status_code == 422
    assert client.get("/comments/nothing/1/").status_code == 404
    assert not Comment.objects.exists()


def test_a_viewer_reads_no_comments(viewer, officer, in_force):
    in_force.is_public = True
    in_force.save()
    services.comment_post(user=officer, kind="agreement", target=in_force, body="Internal")
    with pytest.raises(NotFound):
        selectors.target_get(user=viewer, kind="agreement", pk=in_force.pk)
    assert _client(viewer).get(f"/comments/agreement/{in_force.pk}/").status_code == 404
