from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mitra.agreements.forms import DateInput
from mitra.treaty.models import Deadline, DiplomaticNote, TreatyRecord


class FilterForm(forms.Form):
    ratification = forms.ChoiceField(
        label=_("Ratification"),
        required=False,
        choices=[
            ("", _("Any")),
            ("needed", _("Needs ratification")),
            ("not_needed", _("Needs no ratification")),
            ("unassessed", _("Not yet assessed")),
        ],
    )
    lodged = forms.ChoiceField(
        label=_("Original lodged"),
        required=False,
        choices=[("", _("Any")), ("yes", _("Lodged")), ("no", _("Not lodged"))],
    )
    deadline = forms.ChoiceField(
        label=_("Foreign-ministry deadline"),
        required=False,
        choices=[("", _("Any")), ("open", _("Deadline open")), ("overdue", _("Deadline overdue"))],
    )


class TreatyForm(forms.Form):
    ratification = forms.ChoiceField(
        label=_("Ratification"),
        required=False,
        choices=[("", _("Not yet assessed")), *TreatyRecord.Ratification.choices],
    )
    instrument_number = forms.CharField(
        label=_("Instrument number"),
        required=False,
        max_length=120,
        help_text=_("E.g. Peraturan Presiden Nomor 12 Tahun 2020; only when ratified."),
    )
    gazette_number = forms.CharField(
        label=_("State Gazette number"),
        required=False,
        max_length=120,
        help_text=_("Lembaran Negara, e.g. LN 2020/45; only when ratified."),
    )
    lodged_on = forms.DateField(
        label=_("Original lodged with the foreign ministry on"), required=False, widget=DateInput()
    )
    treaty_reference = forms.CharField(
        label=_("Treaty record reference"), required=False, max_length=120
    )


class NoteForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    direction = forms.ChoiceField(label=_("Direction"), choices=DiplomaticNote.Direction.choices)
    reference = forms.CharField(label=_("Note reference"), max_length=120)
    subject = forms.CharField(label=_("Subject"), required=False, max_length=300)


class DeadlineForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the foreign ministry asks"), choices=Deadline.Kind.choices
    )
    requested_on = forms.DateField(label=_("Requested on"), widget=DateInput())
