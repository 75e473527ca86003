from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


def _choice(label: Any, *, required: bool = True) -> forms.ModelChoiceField[Any]:
    return forms.ModelChoiceField(label=label, queryset=None, required=required)  # type: ignore[arg-type]


def _many(label: Any) -> forms.ModelMultipleChoiceField[Any]:
    return forms.ModelMultipleChoiceField(label=label, queryset=None, required=False)  # type: ignore[arg-type]


class MemberForm(forms.Form):
    unit = _choice(_("Ministry or agency"))

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class PersonForm(forms.Form):
    member = _choice(_("Organisation"))
    name = forms.CharField(label=_("Name"), max_length=200)
    role_title = forms.CharField(label=_("Role title"), max_length=300, required=False)

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Issue"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    agreed_line = forms.CharField(
        label=_("Agreed line"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Empty until the team agrees one."),
    )
    source_meeting = _choice(_("Raised at"), required=False)
    agreements = _many(_("Agreements it touches"))
    partners = _many(_("Partners it touches"))
    followups = _many(_("Open actions (follow-ups)"))

    def __init__(
        self,
        *args: Any,
        meetings: Any,
        agreements: Any,
        partners: Any,
        followups: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source_meeting"].queryset = meetings  # type: ignore[attr-defined]
        self.fields["agreements"].queryset = agreements  # type: ignore[attr-defined]
        self.fields["partners"].queryset = partners  # type: ignore[attr-defined]
        self.fields["followups"].queryset = followups  # type: ignore[attr-defined]


class PositionForm(forms.Form):
    member = _choice(_("Organisation"))
    text = forms.CharField(label=_("Position"), widget=forms.Textarea)

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]
