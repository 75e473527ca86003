"""Writes: post a comment (or a reply), correct it within 15 minutes, answer a question.

A comment is plain text: it is stored as typed and shown escaped everywhere. Each @username in
it must name someone who may read the record; they are told at once (notifications, kind
"mention"), and a mention of anyone else refuses the whole comment, saying why.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mitra.comments import selectors
from mitra.comments.models import EDIT_WINDOW, MAX_LENGTH, Comment
from mitra.core import history
from mitra.core.errors import NotAllowed, NotFound
from mitra.core.permissions import can, require
from mitra.notifications import services as notification_services
from mitra.notifications.models import Kind as NotificationKind

MENTION = re.compile(r"(?<![\w@])@([\w.+-]+)")
EMPTY = _("Write something before posting.")
TOO_LONG = _("A comment holds at most %(n)d characters; this one has %(length)d.")
UNKNOWN_USER = _("Nobody in Mitra is called @%(name)s.")
CANNOT_SEE = _(
    "@%(name)s cannot see this record (it is not shared with their organisation, or their role "
    "does not read it), so they cannot be mentioned here."
)
OTHER_THREAD = _("A reply must answer a comment on the same record.")
NOT_YOURS = _("Only its author may correct a comment.")
LOCKED = _("A comment can be corrected for %(n)d minutes after posting; this one is locked.")
NOT_A_QUESTION = _("This comment is not a question.")


def mentioned_names(body: str) -> list[str]:
    """The @usernames in a text, in order, each once (a full stop after one is not part of it)."""
    return list(dict.fromkeys(m.group(1).rstrip(".") for m in MENTION.finditer(body)))


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": [EMPTY]})
    if len(body) > MAX_LENGTH:
        raise ValidationError(
            {"body": [ValidationError(TOO_LONG, params={"n": MAX_LENGTH, "length": len(body)})]}
        )
    return body


def _mentioned_users(body: str, kind: str, target_pk: int) -> list[Any]:
    """The people a text mentions; a name nobody has, or someone who may not read the record,
    is a ValidationError naming each (so the writer can correct all of them at once)."""
    names = mentioned_names(body)
    if not names:
        return []
    # User names are matched in any case: "@Olga" is olga.
    any_case = Q()
    for name in names:
        any_case |= Q(username__iexact=name)
    found = {
        u.username.lower(): u for u in get_user_model().objects.filter(any_case, is_active=True)
    }
    errors = []
    people = []
    for name in names:
        person = found.get(name.lower())
        if person is None:
            errors.append(ValidationError(UNKNOWN_USER, params={"name": name}))
        elif not selectors.may_read(user=person, kind=kind, pk=target_pk):
            errors.append(ValidationError(CANNOT_SEE, params={"name": name}))
        else:
            people.append(person)
    if errors:
        raise ValidationError({"body": errors})
    return people


def _notify(comment: Comment, people: list[Any], target: Any, now: dt.datetime) -> None:
    title = selectors.title_of(comment.kind, target)
    for person in people:
        if person.pk == comment.author_id:
            continue
        notification_services.notify(
            recipient=person,
            kind=NotificationKind.MENTION,
            params={"author": comment.author.display_name, "title": title},
            url=comment.get_absolute_url(),
            now=now,
        )


@transaction.atomic
def comment_post(
    *,
    user: Any,
    kind: str,
    target: Any,
    body: str,
    parent: Comment | None = None,
    is_question: bool = False,
    now: dt.datetime | None = None,
) -> Comment:
    """Post a comment on a record the user has read through its `<entity>_get` (or a reply to
    one of its comments), and tell the people it mentions at once."""
    require(user, "comment.post")
    if not selectors.may_read(user=user, kind=kind, pk=target.pk):
        raise NotFound(selectors.NO_SUCH_RECORD)  # one may comment only on what one reads
    now = now or timezone.now()
    body = _clean_body(body)
    if parent is not None:
        if parent.kind != kind or parent.target_id != target.pk or parent.is_archived:
            raise ValidationError({"parent": [OTHER_THREAD]})
        # One level of replies: an answer to a reply joins its thread.
        parent = parent.parent or parent
    people = _mentioned_users(body, kind, target.pk)
    comment = Comment(
        **{kind: target}, parent=parent, author=user, body=body, is_question=is_question
    )
    comment.created_at = now
    comment.full_clean()
    history.stamp(comment, by=user)
    comment.save()
    comment.mentions.set(people)
    _notify(comment, people, target, now)
    return comment


@transaction.atomic
def comment_edit(
    *, user: Any, comment: Comment, body: str, now: dt.datetime | None = None
) -> Comment:
    """Correct one's own comment within 15 minutes of posting; the earlier text stays in its
    history. Someone mentioned for the first time is told; nobody is told twice."""
    now = now or timezone.now()
    if comment.author_id != getattr(user, "pk", None):
        raise NotAllowed(NOT_YOURS)
    if not selectors.may_edit(comment, user, now):
        raise ValidationError(
            {"body": [ValidationError(LOCKED, params={"n": EDIT_WINDOW.seconds // 60})]}
        )
    body = _clean_body(body)
    people = _mentioned_users(body, comment.kind, comment.target_id)
    already = set(comment.mentions.values_list("pk", flat=True))
    comment.body = body
    comment.full_clean()
    history.stamp(comment, by=user, reason="corrected")
    comment.save()
    comment.mentions.add(*people)
    target = selectors.target_get(user=user, kind=comment.kind, pk=comment.target_id)
    _notify(comment, [p for p in people if p.pk not in already], target, now)
    return comment


@transaction.atomic
def question_answer(*, user: Any, comment: Comment, now: dt.datetime | None = None) -> Comment:
    """Mark a question answered: by whoever asked it, or by the bureau."""
    if not comment.is_question:
        raise ValidationError({"body": [NOT_A_QUESTION]})
    if comment.author_id != getattr(user, "pk", None) and not can(user, "question.answer"):
        raise NotAllowed(_("Only who asked it or the bureau may mark a question answered."))
    if comment.answered_at is None:
        comment.answered_at = now or timezone.now()
        history.stamp(comment, by=user, reason="answered")
        comment.save(update_fields=["answered_at", "updated_at"])
    return comment
