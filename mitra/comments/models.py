"""Comments on agreements, plans, activities, meetings and follow-ups: threaded, with @mentions,
and a comment can be a question that stays open until it is answered."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mitra.core.models import Record

# How long its author may correct a comment; then it is locked (every version is in history).
EDIT_WINDOW = dt.timedelta(minutes=15)
MAX_LENGTH = 5000


class Kind(models.TextChoices):
    AGREEMENT = "agreement", _("agreement")
    PLAN = "plan", _("action plan")
    ACTIVITY = "activity", _("activity")
    MEETING = "meeting", _("meeting")
    FOLLOWUP = "followup", _("follow-up")


class Comment(Record):
    """Plain text by one person on one record; a reply names the comment it answers."""

    # One foreign key per kind of record (exactly one is set), so that a record's comments and
    # a partner's open questions are joins the database checks, not a generic id.
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    plan = models.ForeignKey(
        "plans.ActionPlan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    activity = models.ForeignKey(
        "plans.Activity", on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    followup = models.ForeignKey(
        "meetings.FollowUp",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"), max_length=MAX_LENGTH)
    is_question = models.BooleanField(_("this is a question"), default=False)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="mentioned_in",
        verbose_name=_("mentions"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        agreement__isnull=False,
                        plan=None,
                        activity=None,
                        meeting=None,
                        followup=None,
                    )
                    | models.Q(
                        agreement=None,
                        plan__isnull=False,
                        activity=None,
                        meeting=None,
                        followup=None,
                    )
                    | models.Q(
                        agreement=None,
                        plan=None,
                        activity__isnull=False,
                        meeting=None,
                        followup=None,
                    )
                    | models.Q(
                        agreement=None,
                        plan=None,
                        activity=None,
                        meeting__isnull=False,
                        followup=None,
                    )
                    | models.Q(
                        agreement=None,
                        plan=None,
                        activity=None,
                        meeting=None,
                        followup__isnull=False,
                    )
                ),
                name="comment_on_exactly_one_record",
            ),
            models.CheckConstraint(condition=~models.Q(body=""), name="comment_not_empty"),
        ]
        indexes = [
            # The open questions list: unanswered questions, newest first.
            models.Index(fields=["is_question", "answered_at"], name="comment_open_questions"),
        ]

    def __str__(self) -> str:
        return f"{self.author_id}: {self.body[:40]}"

    @property
    def kind(self) -> str:
        for kind in Kind.values:
            if getattr(self, f"{kind}_id") is not None:
                return kind
        return ""

    @property
    def target_id(self) -> int:
        return int(getattr(self, f"{self.kind}_id"))

    @property
    def is_open_question(self) -> bool:
        return self.is_question and self.answered_at is None

    def get_absolute_url(self) -> str:
        return reverse("comments:thread", args=[self.kind, self.target_id]) + f"#comment-{self.pk}"
