from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mitra.comments.models import MAX_LENGTH


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Plain text. Mention someone with @ and their user name, e.g. @olga."),
        max_length=MAX_LENGTH,
    )
    is_question = forms.BooleanField(label=_("This is a question"), required=False)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EditForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_LENGTH
    )
