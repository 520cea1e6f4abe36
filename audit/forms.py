"""The audit trail's filters, for the staff page and its export; every field is optional."""

from django import forms
from django.utils.translation import gettext_lazy as _

from innovation_office.forms import DB_INT_MAX

from .actions import ACTIONS


class AuditFilterForm(forms.Form):
    """The filters of the audit trail's page and export; every field is optional."""

    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.EmailField(label=_("Actor's e-mail"), required=False)
    organisation = forms.IntegerField(label=_("Organisation number"), required=False, min_value=1, max_value=DB_INT_MAX)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Every action")), *ACTIONS.items()]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date comes before the start date."))
        return cleaned

    def filters(self) -> dict:
        """The valid filters as keyword arguments of the audit selector."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "action": data.get("action") or "",
            "actor_email": data.get("actor") or "",
            "organisation_id": data.get("organisation"),
            "since": data.get("since"),
            "until": data.get("until"),
        }
