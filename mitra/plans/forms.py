from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from mitra.agreements.forms import DateInput
from mitra.documents.services import ACCEPTED_TYPES
from mitra.plans import selectors
from mitra.plans.models import ActionPlan, Activity, Indicator, Result
from mitra.plans.schemas import ACTIVITY_FIELDS, DELIVERY_FIELDS, INDICATOR_FIELDS, ActivityChanges
from mitra.plans.services import PLAN_FIELDS


def _choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


class PlanForm(forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = list(PLAN_FIELDS)  # exactly what the service accepts
        widgets = {"approved_on": DateInput(), "summary": forms.Textarea(attrs={"rows": 3})}


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = list(ACTIVITY_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "outputs": forms.Textarea(attrs={"rows": 2}),
            "planned_start": DateInput(),
            "planned_end": DateInput(),
            "actual_start": DateInput(),
            "actual_end": DateInput(),
        }

    def __init__(self, *args: Any, delivery_only: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if delivery_only:  # a focal point reports delivery; the plan's design is the bureau's
            for name in set(self.fields) - set(DELIVERY_FIELDS):
                del self.fields[name]
        if "area" in self.fields:
            _choices(self, "area").queryset = selectors.area_options()
        if "owner_unit" in self.fields:
            _choices(self, "owner_unit").queryset = selectors.unit_options()

    def changes(self) -> ActivityChanges:
        """The service's input: the fields this form shows, as cleaned."""
        return ActivityChanges(**self.cleaned_data)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Activity.Status.choices)


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = list(INDICATOR_FIELDS)

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "activity").queryset = plan.activities.active()
        _choices(self, "activity").empty_label = str(_("— the plan as a whole —"))


class ResultForm(forms.ModelForm):
    evidence_file = forms.FileField(
        label=format_lazy(_("Evidence ({types})"), types=ACCEPTED_TYPES), required=False
    )

    class Meta:
        model = Result
        fields = ["period_start", "period_end", "value", "note"]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class ReviewForm(forms.Form):
    # Only these two: anything else (a typo, a stale button) is refused, never read as approval.
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("return", _("Return"))]
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(label=format_lazy(_("File ({types})"), types=ACCEPTED_TYPES))
    title = forms.CharField(label=_("Title"), max_length=300)


class CommitmentForm(forms.Form):
    funder = forms.CharField(label=_("Funder"), max_length=200)
    source = forms.ChoiceField(label=_("Kind of funding"), choices=Activity.Funding.choices)
    amount = forms.DecimalField(label=_("Amount"), min_value=0, max_digits=18, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="IDR")
    ends_on = forms.DateField(label=_("Funding ends on"), widget=DateInput())


class SustainabilityForm(forms.Form):
    what_continues = forms.CharField(
        label=_("What continues after the funding ends"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    carried_by = forms.CharField(label=_("Who carries it"), max_length=300)
