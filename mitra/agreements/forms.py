from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from mitra.agreements.models import Agreement
from mitra.agreements.selectors import parent_choices
from mitra.agreements.services import EDITABLE_FIELDS
from mitra.documents import selectors as document_selectors
from mitra.documents.services import ACCEPTED_TYPES
from mitra.partners.selectors import partner_choices
from mitra.taxonomy.selectors import area_choices


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class AgreementFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Agreement.Status.choices],
    )
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *Agreement.Kind.choices]
    )
    partner = forms.CharField(label=_("Partner code"), required=False)
    area = forms.ChoiceField(label=_("Cooperation area"), required=False)
    expiring = forms.IntegerField(
        label=_("Expiring within (days)"), required=False, min_value=0, max_value=3650
    )
    archived = forms.BooleanField(label=_("Show archived"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("All areas")), *area_choices()]  # type: ignore[attr-defined]


class AgreementForm(forms.ModelForm):
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners (signatories)"),
        queryset=partner_choices().none(),
        help_text=_("Hold Ctrl (or ⌘) to choose more than one."),
    )
    areas = forms.MultipleChoiceField(
        label=_("Cooperation areas"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Agreement
        fields = list(EDITABLE_FIELDS)  # the form edits exactly what the service accepts
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "date_signed": DateInput(),
            "date_in_force": DateInput(),
            "date_expiry": DateInput(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partner_choices()  # type: ignore[attr-defined]
        self.fields["areas"].choices = area_choices()  # type: ignore[attr-defined]
        parent_qs = parent_choices(exclude=self.instance)
        if self.instance.pk:
            self.initial["partners"] = [p.pk for p in self.instance.partners.all()]
            self.initial["areas"] = [a.code for a in self.instance.areas.all()]
        self.fields["parent"].queryset = parent_qs  # type: ignore[attr-defined]


class SignForm(forms.Form):
    date_signed = forms.DateField(label=_("Date of signature"), required=False, widget=DateInput())
    signed_year = forms.IntegerField(
        label=_("or only the year"), required=False, min_value=1945, max_value=2100
    )
    place_signed = forms.CharField(label=_("Place of signature"), required=False, max_length=200)


class InForceForm(forms.Form):
    date_in_force = forms.DateField(label=_("Entry into force"), widget=DateInput())
    date_expiry = forms.DateField(label=_("Expiry"), required=False, widget=DateInput())


class TerminateForm(forms.Form):
    date_terminated = forms.DateField(label=_("Date of termination"), widget=DateInput())
    termination_reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2})
    )


class DocumentForm(forms.Form):
    file = forms.FileField(label=format_lazy(_("File ({types})"), types=ACCEPTED_TYPES))
    title = forms.CharField(label=_("Title"), required=False, max_length=300)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=document_selectors.kind_choices(), initial="signed"
    )


class RenewForm(forms.Form):
    """The successor of an agreement, prefilled from it; public only when said so."""

    title = forms.CharField(label=_("Title"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners (signatories)"),
        queryset=partner_choices().none(),
        help_text=_("Hold Ctrl (or ⌘) to choose more than one."),
    )
    date_in_force = forms.DateField(
        label=_("Planned entry into force"), required=False, widget=DateInput()
    )
    date_expiry = forms.DateField(label=_("Planned expiry"), required=False, widget=DateInput())
    is_public = forms.BooleanField(
        label=_("Public"),
        required=False,
        initial=False,
        help_text=_("Shown to viewers and on the public portal once signed."),
    )

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "title": agreement.title,
                "title_en": agreement.title_en,
                "partners": [p.partner_id for p in agreement.parties.all()],
                "is_public": False,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partner_choices()  # type: ignore[attr-defined]


class ConfirmForm(forms.Form):
    """The confirmation step of an action that is not undone by a click (works without JS)."""

    confirm = forms.CharField(widget=forms.HiddenInput, initial="1")
