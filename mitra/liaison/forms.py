from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mitra.agreements.forms import DateInput
from mitra.liaison.models import CommunicationTest, ContactPoint, Notice
from mitra.liaison.schemas import CommunicationTestIn, ContactIn, NoticeIn


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ContactForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ContactPoint.Role.choices)
    partner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        help_text=_("Empty for our own side."),
    )
    office = forms.CharField(label=_("Office"), max_length=200)
    person = forms.CharField(label=_("Person (optional)"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=60, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    secure_channel = forms.CharField(label=_("Secure messaging"), max_length=200, required=False)
    duty_24_7 = forms.BooleanField(label=_("Reachable 24/7"), required=False)
    rank = forms.IntegerField(
        label=_("Order of escalation"),
        min_value=1,
        max_value=99,
        initial=1,
        help_text=_("1 is reached first; an unanswered notice goes on to the next."),
    )
    last_verified = forms.DateField(label=_("Last verified"), required=False, widget=DateInput())
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]

    def to_input(self) -> ContactIn:
        return ContactIn(**self.cleaned_data)


class NoticeForm(forms.Form):
    partner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=None,  # type: ignore[arg-type]
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Notice.Kind.choices)
    direction = forms.ChoiceField(label=_("Direction"), choices=Notice.Direction.choices)
    severity = forms.ChoiceField(label=_("Severity"), choices=Notice.Severity.choices)
    event = forms.CharField(label=_("Event"), max_length=300)
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    from_contact: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("From"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
    )
    # Not required here: the service says what is missing, in the same words everywhere.
    to_contact: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("To"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
    )
    sent_at = forms.DateTimeField(label=_("Sent at"), widget=DateTimeInput(), initial=timezone.now)
    ack_deadline = forms.DateTimeField(
        label=_("Acknowledgement due by"),
        widget=DateTimeInput(),
        required=False,
        help_text=_("Empty: 24 hours after it was sent (the IHR notification window)."),
    )

    def __init__(self, *args: Any, partners: Any, contacts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]
        for name in ("from_contact", "to_contact"):
            self.fields[name].queryset = contacts  # type: ignore[attr-defined]
            self.fields[name].label_from_instance = _contact_label  # type: ignore[attr-defined]

    def to_input(self) -> NoticeIn:
        return NoticeIn(**self.cleaned_data)


def _contact_label(contact: ContactPoint) -> str:
    side = str(contact.partner) if contact.partner_id else str(_("our side"))
    return f"{contact.office} ({side})"


class AcknowledgeForm(forms.Form):
    acknowledged_at = forms.DateTimeField(
        label=_("Acknowledged at"),
        widget=DateTimeInput(),
        required=False,
        help_text=_("Empty: now."),
    )


class TestForm(forms.Form):
    # Not required here: the service says what is missing, in the same words everywhere.
    partner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
    )
    tested_on = forms.DateField(
        label=_("Tested on"), widget=DateInput(), initial=timezone.localdate
    )
    result = forms.ChoiceField(
        label=_("Result"), choices=CommunicationTest.Result.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Which channels were tried, who answered, what failed."),
    )

    def __init__(self, *args: Any, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]

    def to_input(self) -> CommunicationTestIn:
        return CommunicationTestIn(**self.cleaned_data)
