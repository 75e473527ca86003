from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mitra.agreements.forms import DateInput
from mitra.workflow import rules


class ObligationForm(forms.Form):
    title = forms.CharField(label=_("Duty"), max_length=300)
    start = forms.DateField(label=_("First due date"), widget=DateInput())
    interval_months = forms.IntegerField(label=_("Every (months)"))
    end = forms.DateField(
        label=_("Last possible date"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: until the agreement's expiry."),
    )
    owner_unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Owner unit"),
        queryset=None,  # type: ignore[arg-type]
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = units  # type: ignore[attr-defined]


class DoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DateInput(), initial=timezone.localdate)
    meeting: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Evidence: meeting"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
    )
    document: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Evidence: document"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
    )

    def __init__(self, *args: Any, meetings: Any, documents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
        self.fields["document"].queryset = documents  # type: ignore[attr-defined]


class ThresholdsForm(forms.Form):
    expiry_days = forms.CharField(
        label=_("Remind before expiry (days)"),
        max_length=100,
        initial=rules.DEFAULT_THRESHOLDS_TEXT,
    )
    notice_days = forms.CharField(
        label=_("Remind before the notice deadline (days)"),
        max_length=100,
        initial=rules.DEFAULT_THRESHOLDS_TEXT,
    )
