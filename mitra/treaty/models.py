"""The treaty record of an agreement (Law 24/2000 on International Agreements): whether it must
be ratified and by which instrument, the diplomatic notes exchanged, when the signed original
was lodged with the foreign ministry's treaty record, and the ministry's deadlines."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mitra.core.models import Record
from mitra.core.validators import one_line


class TreatyRecord(Record):
    """One per agreement: ratification, its instrument's numbers, and the lodging of the
    original with the foreign ministry."""

    class Ratification(models.TextChoices):
        # Art. 15: most health MoUs take effect on signature and need no ratification.
        NONE = "none", _("Not needed (in force on signature)")
        # Art. 10: matters of sovereignty, borders, human rights, new law... by statute.
        STATUTE = "statute", _("By statute (Undang-Undang)")
        # Art. 11: the others needing ratification, by presidential regulation.
        PRESIDENTIAL = "presidential", _("By presidential regulation (Peraturan Presiden)")

    agreement = models.OneToOneField(
        "agreements.Agreement",
        on_delete=models.PROTECT,
        related_name="treaty_record",
        verbose_name=_("agreement"),
    )
    # Empty: not yet assessed.
    ratification = models.CharField(
        _("ratification"), max_length=20, choices=Ratification.choices, blank=True
    )
    instrument_number = models.CharField(
        _("instrument number"), max_length=120, blank=True, validators=[one_line]
    )
    gazette_number = models.CharField(
        _("State Gazette number"), max_length=120, blank=True, validators=[one_line]
    )
    lodged_on = models.DateField(
        _("original lodged with the foreign ministry on"), null=True, blank=True
    )
    treaty_reference = models.CharField(
        _("treaty record reference"), max_length=120, blank=True, validators=[one_line]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("treaty record")
        verbose_name_plural = _("treaty records")
        constraints = [
            # The numbers of an instrument exist only when ratification is by an instrument.
            models.CheckConstraint(
                condition=Q(ratification__in=["statute", "presidential"])
                | (Q(instrument_number="") & Q(gazette_number="")),
                name="treaty_numbers_need_instrument",
            ),
            models.CheckConstraint(
                condition=Q(treaty_reference="") | Q(lodged_on__isnull=False),
                name="treaty_reference_needs_lodging",
            ),
        ]

    def __str__(self) -> str:
        return str(self.agreement)

    def get_absolute_url(self) -> str:
        return reverse("treaty:record", args=[self.agreement_id])

    @property
    def needs_ratification(self) -> bool:
        return self.ratification in (self.Ratification.STATUTE, self.Ratification.PRESIDENTIAL)


class DiplomaticNote(Record):
    """A diplomatic note exchanged about the agreement (e.g. the notes that bring it into force)."""

    class Direction(models.TextChoices):
        SENT = "sent", _("Sent by Indonesia")
        RECEIVED = "received", _("Received from the partner")

    record = models.ForeignKey(TreatyRecord, on_delete=models.PROTECT, related_name="notes")
    date = models.DateField(_("date"))
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    reference = models.CharField(_("note reference"), max_length=120, validators=[one_line])
    subject = models.CharField(_("subject"), max_length=300, blank=True, validators=[one_line])
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("diplomatic note")
        verbose_name_plural = _("diplomatic notes")

    def __str__(self) -> str:
        return f"{self.reference} ({self.date})"


class Deadline(Record):
    """A deadline the foreign ministry set on the file, counted in Indonesian working days from
    its request; kept as a one-off obligation, so the reminders, My week and the calendar
    carry it like any other duty."""

    class Kind(models.TextChoices):
        COMPLETE_FILE = "complete_file", _("Complete the incomplete file")
        CERTIFIED_COPY = "certified_copy", _("Send a certified copy")

    record = models.ForeignKey(TreatyRecord, on_delete=models.PROTECT, related_name="deadlines")
    kind = models.CharField(_("what is asked"), max_length=20, choices=Kind.choices)
    requested_on = models.DateField(_("requested on"))
    working_days = models.PositiveSmallIntegerField(_("working days"))
    due_date = models.DateField(_("due date"))
    obligation = models.OneToOneField(
        "workflow.Obligation", on_delete=models.PROTECT, related_name="treaty_deadline"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("foreign-ministry deadline")
        verbose_name_plural = _("foreign-ministry deadlines")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__gt=models.F("requested_on")),
                name="treaty_deadline_after_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.due_date})"
