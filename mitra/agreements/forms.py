from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mitra.agreements.models import Agreement
from mitra.agreements.selectors import area_choices
from mitra.agreements.services import EDITABLE_FIELDS
from mitra.documents.models import Document
from mitra.partners.models import Partner


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
        self.fields["area"].choices = [("", _("All areas")), *area_choices()]


class AgreementForm(forms.ModelForm):
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners (signatories)"),
        queryset=Partner.objects.none(),
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
        self.fields["partners"].queryset = Partner.objects.active().order_by("name_id")
        self.fields["areas"].choices = area_choices()
        parent_qs = Agreement.objects.active().filter(kind=Agreement.Kind.MOU)
        if self.instance.pk:
            parent_qs = parent_qs.exclude(pk=self.instance.pk)
            self.initial["partners"] = [p.pk for p in self.instance.partners.all()]
            self.initial["areas"] = [a.code for a in self.instance.areas.all()]
        self.fields["parent"].queryset = parent_qs


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
    file = forms.FileField(label=_("File (PDF, DOCX, PNG or JPEG)"))
    title = forms.CharField(label=_("Title"), required=False, max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices, initial="signed")
