from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from mitra.agreements.forms import DateInput
from mitra.meetings import selectors
from mitra.meetings.models import FollowUp, Meeting, Participant
from mitra.meetings.services import MEETING_FIELDS
from mitra.taxonomy.selectors import area_choices


def _choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


class MeetingForm(forms.ModelForm):
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"),
        queryset=selectors.partner_options().none(),
        required=False,
        help_text=_("Hold Ctrl (or ⌘) to choose more than one."),
    )
    agreements = forms.ModelMultipleChoiceField(
        label=_("Agreements discussed"),
        queryset=selectors.agreement_options(user=None).none(),
        required=False,
    )
    areas = forms.MultipleChoiceField(
        label=_("Areas discussed"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Meeting
        fields = list(MEETING_FIELDS)
        widgets = {
            "date": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"date": _("Leave empty only when the date is not known.")}

    def __init__(self, *args: Any, agreements: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "partners").queryset = selectors.partner_options()
        if agreements is not None:
            _choices(self, "agreements").queryset = agreements
        cast(forms.ChoiceField, self.fields["areas"]).choices = area_choices()
        _choices(self, "organiser").queryset = selectors.unit_options()
        if self.instance.pk:
            self.initial["partners"] = [p.pk for p in self.instance.partners.all()]
            self.initial["agreements"] = [a.pk for a in self.instance.agreements.all()]
            self.initial["areas"] = [a.code for a in self.instance.areas.all()]

    def links(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "partners": list(data["partners"]),
            "agreements": list(data["agreements"]),
            "areas": selectors.areas_by_codes("areas", data["areas"]),
        }

    def fields_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in MEETING_FIELDS}


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["name", "role_title", "side", "partner", "unit"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "partner").queryset = selectors.partner_options()
        _choices(self, "unit").queryset = selectors.unit_options()


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["description", "owner_unit", "due_date"]
        widgets = {"description": forms.TextInput(), "due_date": DateInput()}
        error_messages = {
            "owner_unit": {"required": _("Name the unit that owns this follow-up.")},
            "due_date": {"required": _("Give the date by which this follow-up is due.")},
            "description": {"required": _("Say what is to be done.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "owner_unit").queryset = selectors.unit_options()
        self.fields["due_date"].required = True


def row_formsets(
    data: Any = None,
    *,
    participants: int = 3,
    followups: int = 2,
    initial_participants: list[dict[str, Any]] | None = None,
) -> tuple[forms.BaseFormSet, forms.BaseFormSet]:
    """The meeting form's rows. A new row left empty is ignored; one partly filled must be
    complete; a recorded participant is removed with its "delete" box. With data, the row counts
    come from the posted management form."""
    people = forms.formset_factory(
        ParticipantForm, extra=participants, can_delete=initial_participants is not None
    )
    todo = forms.formset_factory(FollowUpForm, extra=followups)
    return (
        people(data, prefix="participants", initial=initial_participants),
        todo(data, prefix="followups"),
    )


class FollowUpStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FollowUp.Status.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class DueDateForm(forms.Form):
    due_date = forms.DateField(
        label=_("Due date"),
        widget=DateInput(),
        error_messages={"required": _("Give the date by which this follow-up is due.")},
    )
