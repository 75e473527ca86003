from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from mitra.documents import services as document_services
from mitra.intake.text import short_title


class UploadForm(forms.Form):
    file = forms.FileField(
        label=format_lazy(_("File ({types})"), types=document_services.ACCEPTED_TYPES),
        required=False,
    )
    text = forms.CharField(
        label=_("…or paste the text"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    title = forms.CharField(label=_("Title"), required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Choose a file or paste a text."))
        if data.get("text") and not data.get("file") and not data.get("title"):
            data["title"] = short_title(data["text"])
        return data
