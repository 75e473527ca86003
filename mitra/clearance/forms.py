from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class DecideForm(forms.Form):
    """Approve or return the step awaiting a decision; a return says what must change and may
    go back to an earlier step (the service checks that the step exists and applies)."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("return", _("Return for revision"))],
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea)
    back_to = forms.IntegerField(
        label=_("Return to the step"),
        required=False,
        min_value=1,
        max_value=999,
        widget=forms.Select,
    )

    def set_targets(self, targets: list[tuple[int, Any]]) -> None:
        widget: Any = self.fields["back_to"].widget
        widget.choices = [("", _("This step")), *targets]
