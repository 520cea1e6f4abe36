"""The preferences form: how often to be e-mailed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EmailFrequency


class PreferenceForm(forms.Form):
    email_frequency = forms.ChoiceField(
        label=_("E-mail me about new notifications"),
        choices=EmailFrequency.choices,
        widget=forms.RadioSelect,
        help_text=_("Whatever you choose, every notification stays on this site."),
    )
