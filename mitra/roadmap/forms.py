from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mitra.roadmap import selectors
from mitra.roadmap.models import Assessment
from mitra.trade import groups


class RoadmapForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    copy = forms.BooleanField(
        label=_("Start from the latest roadmap (it stays as it is)"), required=False, initial=True
    )


class SectorForm(forms.Form):
    name_id = forms.CharField(label=_("Name (Indonesian)"), max_length=120)
    name_en = forms.CharField(label=_("Name (English)"), max_length=120)
    product_group = forms.ChoiceField(label=_("Trade product group"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["product_group"]
        field.choices = [("", "—")] + [(g.code, g.name) for g in groups.all_groups()]


class AssessmentForm(forms.Form):
    priority = forms.BooleanField(label=_("Priority sector"), required=False)
    stance = forms.ChoiceField(
        label=_("Stance"), required=False, choices=[("", "—"), *Assessment.Stance.choices]
    )
    strengths = forms.CharField(
        label=_("Strengths"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    weaknesses = forms.CharField(
        label=_("Weaknesses"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    opportunities = forms.CharField(
        label=_("Opportunities"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    threats = forms.CharField(
        label=_("Threats"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    target_partners = forms.ModelMultipleChoiceField(
        label=_("Target partners"), required=False, queryset=selectors.partner_choices()
    )
    agreements = forms.ModelMultipleChoiceField(
        label=_("Agreements that serve it"), required=False, queryset=selectors.partner_choices()
    )
    activities = forms.ModelMultipleChoiceField(
        label=_("Activities that serve it (of the agreements linked)"),
        required=False,
        queryset=selectors.partner_choices(),
    )

    def __init__(self, *args: Any, user: Any, linked: Assessment | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agreements_field: Any = self.fields["agreements"]
        agreements_field.queryset = selectors.agreement_choices(user=user)
        chosen = list(linked.agreements.all()) if linked else []
        done = list(linked.activities.all()) if linked else []
        activities_field: Any = self.fields["activities"]
        activities_field.queryset = selectors.activity_choices(
            user=user, agreements=chosen, linked=done
        )
