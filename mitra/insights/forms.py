from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mitra.insights.dashboard import SCORECARD_SORTS, Filters
from mitra.partners import selectors as partner_selectors
from mitra.taxonomy.selectors import area_choices


class DashboardFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Partner kind"),
        required=False,
        choices=[("", _("All kinds")), *partner_selectors.kind_choices()],
    )
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=[("", _("All regions")), *partner_selectors.region_choices()],
    )
    area = forms.ChoiceField(label=_("Cooperation area"), required=False)
    year_from = forms.IntegerField(
        label=_("Signed from (year)"), required=False, min_value=1945, max_value=2100
    )
    year_to = forms.IntegerField(
        label=_("Signed to (year)"), required=False, min_value=1945, max_value=2100
    )
    sort = forms.ChoiceField(
        required=False, choices=[(s, s) for s in SCORECARD_SORTS], widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("All areas")), *area_choices()]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and end < start:
            self.add_error("year_to", _("The last year cannot be before the first."))
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data if self.is_valid() else {}
        return Filters(
            kind=data.get("kind", ""),
            region=data.get("region", ""),
            area=data.get("area", ""),
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
        )
