"""Forms for accounts, organisations, invitations and vetting: input checks only, no business rules."""

from datetime import datetime, time, timedelta

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .countries import COUNTRIES
from .models import MembershipRole, Organisation, OrganisationKind, ncage_validator
from .registration_numbers import normalise
from .services import user_password_set
from .services.evidence import DECLARATION_FIELDS, check_registration_documents
from .states import RATIONALE_MIN_LENGTH, VETTING_STATES

CONFIRMATION_NEEDED = {"required": _("Registration needs this confirmation.")}
CHOOSE_FILES_AGAIN = _(
    "The form came back with errors, so the files you chose were not kept: choose them again before you send it."
)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe); cleans to a list, empty when none was chosen."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not files and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


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


class RegistrationDocumentsForm(forms.Form):
    """Registration documents, at registration or later: the same field, check and plain word on re-choosing."""

    documents = MultipleFileField(
        label=_("Registration documents (PDF, at most 10 MB in all)"),
        widget=MultipleFileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text=_(
            "An extract from the business register, or the certificate of incorporation: at least one, at most five."
        ),
        error_messages={"required": _("Attach at least one registration document (PDF).")},
    )

    def clean_documents(self) -> list:
        # The same check as the service's, here so that a bad file is named alongside every other error.
        documents = self.cleaned_data["documents"]
        try:
            check_registration_documents(documents)
        except ValidationError as error:
            raise ValidationError(error.message_dict["documents"]) from error
        return documents

    def ask_for_files_again(self) -> None:
        """Uploads are not kept between attempts: when the form comes back, say so beside the file field."""
        chosen = self.is_bound and self.files.getlist("documents")
        if chosen and self.errors and CHOOSE_FILES_AGAIN not in self.errors.get("documents", []):
            self.add_error("documents", CHOOSE_FILES_AGAIN)


class StartupRegistrationForm(RegistrationDocumentsForm, PasswordPairMixin):
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
    ncage_code = forms.CharField(
        label=_("NCAGE code (if the company has one)"),
        max_length=5,
        required=False,
        help_text=_("The NATO supplier code, five capital letters or digits, for example D1234."),
    )
    beneficial_owners = forms.CharField(
        label=_("Who ultimately owns or controls the company"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_(
            "Each person or entity that owns or controls a quarter or more, or otherwise controls the company, "
            "with their country."
        ),
    )
    not_under_eu_restrictive_measures = forms.BooleanField(
        label=_("Neither the company nor its owners or managers are listed under EU restrictive measures (sanctions)."),
        error_messages=CONFIRMATION_NEEDED,
    )
    not_controlled_from_restricted_countries = forms.BooleanField(
        label=_(
            "The company is not owned or controlled, directly or indirectly, by a person or entity of Russia, "
            "Belarus, Iran or North Korea."
        ),
        error_messages=CONFIRMATION_NEEDED,
    )
    true_and_complete = forms.BooleanField(
        label=_("This information is true and complete, and we will tell the office of any change."),
        error_messages=CONFIRMATION_NEEDED,
    )
    full_name = forms.CharField(label=_("Your full name"), max_length=150)
    email = forms.EmailField(label=_("Your work e-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    accepts_terms = forms.BooleanField(
        label=_("I accept the terms of use."),
        error_messages={"required": _("Accept the terms of use to register.")},
    )

    field_order = [
        "legal_name",
        "country",
        "registration_number",
        "ncage_code",
        "website",
        "description",
        "documents",
        "beneficial_owners",
        *DECLARATION_FIELDS,
        "full_name",
        "email",
        "password1",
        "password2",
        "accepts_terms",
    ]

    def clean_ncage_code(self) -> str:
        code = self.cleaned_data["ncage_code"].upper()
        if code:
            ncage_validator(code)
        return code

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            **{name: data[name] for name in ("legal_name", "country", "registration_number", "website")},
            **{name: data[name] for name in ("description", "full_name", "email", "ncage_code")},
            "password": data["password1"],
            "documents": data["documents"],
            "beneficial_owners": data["beneficial_owners"],
            "confirmations": {name: data[name] for name in DECLARATION_FIELDS},
            "accepts_terms": data["accepts_terms"],
        }

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
    accepts_terms = forms.BooleanField(
        label=_("I accept the terms of use."),
        error_messages={"required": _("Accept the terms of use to register.")},
    )
    field_order = ["full_name", "password1", "password2", "accepts_terms"]


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
    """A staff decision: nothing is chosen in advance, and every decision is explained in writing."""

    to_state = forms.ChoiceField(label=_("Decision"))
    note = forms.CharField(
        label=_("Written rationale"),
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=RATIONALE_MIN_LENGTH,
        max_length=2000,
        help_text=_("What you checked and why you decide so. The organisation reads it; an auditor may."),
        error_messages={"required": _("Write the reason for the decision: an auditor will read it.")},
    )

    def __init__(self, *args, organisation: Organisation, user, moves=None, **kwargs):
        super().__init__(*args, **kwargs)
        moves = VETTING_STATES.moves_for(user, organisation) if moves is None else moves
        self.fields["to_state"].choices = [("", _("Choose a decision")), *((move.target, move.label) for move in moves)]
        self.fields["to_state"].error_messages["required"] = _("Choose a decision.")


class ProposalReviewForm(forms.Form):
    """A second staff member's answer to a proposed decision: a comment is optional to confirm, needed to decline."""

    decision = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("decline", _("Decline"))])
    note = forms.CharField(
        label=_("Your comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Optional when you confirm; to decline, say why (at least 10 characters)."),
    )


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
