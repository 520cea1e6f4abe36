"""Forms for accounts, organisations, invitations and vetting: input checks only, no business rules."""

from datetime import datetime, time, timedelta

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.actions import ACTIONS
from innovation_office.forms import DB_INT_MAX

from .countries import COUNTRIES
from .models import MembershipRole, Organisation, OrganisationKind
from .registration_numbers import normalise
from .services import user_password_set
from .states import VETTING_STATES


class PasswordPairMixin(forms.Form):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password and not only digits."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_password2(self) -> str:
        first, second = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if first and second and first != second:
            raise ValidationError(_("The two passwords differ."))
        if second:
            password_validation.validate_password(second)
        return second


class StartupRegistrationForm(PasswordPairMixin):
    legal_name = forms.CharField(label=_("Legal name of the company"), max_length=200)
    country = forms.ChoiceField(label=_("Country of registration"), choices=[("", "—")] + COUNTRIES)
    registration_number = forms.CharField(
        label=_("Company registration number"),
        max_length=64,
        help_text=_("As in the national business register, e.g. HRB 123456."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("What the company does"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    full_name = forms.CharField(label=_("Your full name"), max_length=150)
    email = forms.EmailField(label=_("Your work e-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    field_order = [
        "legal_name",
        "country",
        "registration_number",
        "website",
        "description",
        "full_name",
        "email",
        "password1",
        "password2",
    ]

    def clean_registration_number(self) -> str:
        """Kept as typed; a number of only spaces and invisible characters is no number. Whether another
        company holds it (as folded by profiles.registration_numbers) is the service's check."""
        number = self.cleaned_data["registration_number"].strip()
        if not normalise(self.cleaned_data.get("country", ""), number):
            raise ValidationError(_("Enter the number as the business register shows it."))
        return number


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail or the password is not right."),
        "unconfirmed": _("Confirm your e-mail address first: follow the link we sent you."),
    }

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        if user.email_confirmed_at is None:
            raise ValidationError(self.error_messages["unconfirmed"], code="unconfirmed")


class EmailPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )


class NewPasswordForm(SetPasswordForm):
    """The reset's last step: the new password is set by the service, which also revokes API tokens."""

    def save(self, commit: bool = True):
        user_password_set(user=self.user, password=self.cleaned_data["new_password1"])
        return self.user


class InvitationAcceptForm(PasswordPairMixin):
    full_name = forms.CharField(label=_("Your full name"), max_length=150)
    field_order = ["full_name", "password1", "password2"]


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Six-digit code from your authenticator app"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("Enter the six digits the app shows.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True, "size": 8}
        ),
    )


class VettingForm(forms.Form):
    to_state = forms.ChoiceField(label=_("New state"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, organisation: Organisation, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_state"].choices = [
            (move.target, move.label) for move in VETTING_STATES.moves_for(user, organisation)
        ]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of the person to invite"))
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER)
    language = forms.ChoiceField(
        label=_("Language of the invitation e-mail"), choices=[("en", "English"), ("uk", "Українська")]
    )


class OfficerInvitationForm(InvitationForm):
    organisation = forms.ModelChoiceField(
        label=_("Ukrainian organisation"), queryset=Organisation.objects.none(), empty_label=_("Choose an organisation")
    )
    field_order = ["organisation", "email", "role", "language"]
    language = forms.ChoiceField(
        label=_("Language of the invitation e-mail"), choices=[("uk", "Українська"), ("en", "English")]
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


# What a token might be for, in the words of each kind of organisation.
TOKEN_USE_EXAMPLES = {
    OrganisationKind.STARTUP: _("For example: your company's order system."),
    OrganisationKind.UA_UNIT: _("For example: the brigade's logistics system."),
    OrganisationKind.UA_AGENCY: _("For example: the agency's procurement system."),
    OrganisationKind.UA_COMPANY: _("For example: the company's planning system."),
    OrganisationKind.OFFICE: _("For example: the office's reporting scripts."),
}
TOKEN_TERMS = [
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("365", _("One year")),
    ("date", _("Until a date I choose")),
]
TOKEN_LONGEST_TERM = timedelta(days=3650)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("What the token is for"), max_length=100)
    expiry = forms.ChoiceField(
        label=_("The token works for"), choices=TOKEN_TERMS, initial="90", required=False, widget=forms.RadioSelect
    )
    expires_on = forms.DateField(
        label=_("Last day the token works"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Only when the token works until a date you choose."),
    )

    def __init__(self, *args, organisation_kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].help_text = TOKEN_USE_EXAMPLES.get(organisation_kind, "")

    def clean(self) -> dict:
        data = super().clean()
        if data.get("expiry") == "date":
            last_day = data.get("expires_on")
            today = timezone.localdate()
            if last_day is None and "expires_on" not in self.errors:
                self.add_error("expires_on", _("Choose the last day the token works."))
            elif last_day is not None and last_day <= today:
                self.add_error("expires_on", _("Choose a day after today."))
            elif last_day is not None and last_day - today > TOKEN_LONGEST_TERM:
                self.add_error("expires_on", _("A token works for ten years at most: choose an earlier day."))
        return data

    def expires_at(self) -> datetime:
        """When the token stops working: after the chosen number of days (90 unless another term is chosen),
        or at the end of the chosen day."""
        term = self.cleaned_data["expiry"] or "90"
        if term != "date":
            return timezone.now() + timedelta(days=int(term))
        day_after = self.cleaned_data["expires_on"] + timedelta(days=1)
        return timezone.make_aware(datetime.combine(day_after, time.min))


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


class IdentityDecisionForm(forms.Form):
    """Staff approve or decline a change of an organisation's identity, always saying why."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("", "—"), ("approve", _("Approve the change")), ("decline", _("Decline the change"))],
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The organisation's administrators read it."),
    )


class CloseAccountForm(forms.Form):
    """Closing an account is confirmed with the account's password, so a session left open is not enough."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("That is not your password."))
        return password
