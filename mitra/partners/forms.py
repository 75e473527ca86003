from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mitra.partners import countries
from mitra.partners.models import Contact, Partner
from mitra.partners.selectors import parent_choices
from mitra.taxonomy.selectors import area_choices


class PartnerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Partner.Kind.choices]
    )
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=[("", _("All regions")), *Partner.Region.choices],
    )
    area = forms.ChoiceField(label=_("Cooperation area"), required=False)
    active = forms.ChoiceField(
        label=_("Active agreement"),
        required=False,
        choices=[
            ("", _("Any")),
            ("yes", _("Has an active agreement")),
            ("no", _("No active agreement")),
        ],
    )
    archived = forms.BooleanField(label=_("Show archived"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("All areas")), *area_choices()]  # type: ignore[attr-defined]


class PartnerForm(forms.ModelForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_(
            "ISO 3166 alpha-3 for a country (e.g. KAZ); a short name otherwise (e.g. who)."
        ),
    )
    areas = forms.MultipleChoiceField(
        label=_("Cooperation areas"), required=False, widget=forms.CheckboxSelectMultiple
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Partner
        fields = [
            "kind",
            "code",
            "name_id",
            "name_en",
            "abbreviation",
            "region",
            "parent",
            "iati_ref",
            "website",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].choices = area_choices()  # type: ignore[attr-defined]
        self.fields["parent"].queryset = parent_choices()  # type: ignore[attr-defined]
        # Country names come from ISO when left empty.
        self.fields["name_id"].required = False
        self.fields["name_en"].required = False
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["kind"].disabled = True
            self.initial["areas"] = [a.code for a in self.instance.areas.all()]

    def _post_clean(self) -> None:
        # The service validates codes and names (with the ISO lookup); skip the model's own
        # full_clean here so errors are reported once, by the service, in the same words.
        pass

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if (
            kind
            and kind != Partner.Kind.COUNTRY
            and not (data.get("name_id") and data.get("name_en"))
        ):
            if not data.get("name_id"):
                self.add_error("name_id", _("Give the partner's name in Indonesian."))
            if not data.get("name_en"):
                self.add_error("name_en", _("Give the partner's name in English."))
        return data


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "title", "email", "phone"]


def country_datalist() -> list[tuple[str, str]]:
    return countries.choices()


class ConfirmForm(forms.Form):
    """The confirmation step of archiving (works without JavaScript)."""

    confirm = forms.CharField(widget=forms.HiddenInput, initial="1")
