"""Registration, e-mail confirmation, login, logout, password reset and the lockout page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from innovation_office.client_address import client_address
from innovation_office.forms import add_service_errors

from ..forms import EmailAuthenticationForm, EmailPasswordResetForm, NewPasswordForm, StartupRegistrationForm
from ..login_limits import login_blocked_for, login_failure_record
from ..middleware import second_factor_exempt
from ..services import email_confirm, startup_register
from .public import set_language_cookie

REGISTERED_EMAIL_KEY = "profiles.registered_email"


# The form holds a password: no cache (the browser's Back included) may keep it filled in.
@never_cache
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("profiles:home")
    form = StartupRegistrationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            startup_register(**form.service_arguments(), language=(get_language() or "en")[:2])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # The same answer whether or not the address already had an account (the service e-mailed its
            # owner instead); a redirect, so that reloading the answer does not send the form again.
            request.session[REGISTERED_EMAIL_KEY] = form.cleaned_data["email"].strip().lower()
            return redirect("profiles:register_done")
    if form.is_bound:
        form.ask_for_files_again()
    return render(request, "profiles/register.html", {"form": form})


@never_cache
@require_GET
def register_done(request: HttpRequest) -> HttpResponse:
    email = request.session.get(REGISTERED_EMAIL_KEY)
    if not email:
        return redirect("profiles:register")
    return render(request, "profiles/register_done.html", {"email": email})


@second_factor_exempt
def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        email_confirm(token=token)
    except ValidationError as error:
        return render(request, "profiles/confirm_failed.html", {"errors": error.messages}, status=400)
    messages.success(request, _("Your e-mail address is confirmed. You can log in now."))
    return redirect("profiles:login")


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "profiles/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if login_blocked_for(client_address(request)):
            return self.refuse_address()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        set_language_cookie(response, form.get_user().preferred_language)
        return response

    def form_invalid(self, form):
        # Only a wrong address or password counts: not a malformed form, nor an unconfirmed account.
        if form.has_error(NON_FIELD_ERRORS, "invalid_login"):
            login_failure_record(client_address(self.request))
        return super().form_invalid(form)

    def refuse_address(self) -> HttpResponse:
        """The form again, not checked (no password is tried), with why and for how long."""
        form = self.get_form_class()(self.request, initial={"username": self.request.POST.get("username", "")})
        minutes = max(1, round(settings.LOGIN_FAILURES_WINDOW.total_seconds() / 60))
        refusal = ngettext(
            "Too many failed log-in attempts have come from your address. Try again in %(minutes)d minute, "
            "or reset your password if you have forgotten it.",
            "Too many failed log-in attempts have come from your address. Try again in %(minutes)d minutes, "
            "or reset your password if you have forgotten it.",
            minutes,
        ) % {"minutes": minutes}
        return self.render_to_response(self.get_context_data(form=form, refusal=refusal), status=429)


login = LoginView.as_view()
logout = second_factor_exempt(auth_views.LogoutView.as_view())


def attempted_email(request: HttpRequest, credentials: dict | None = None) -> str:
    """The address a login attempt was for, case-folded so that "A@x" and "a@x" count together."""
    source = credentials if credentials else getattr(request, "POST", {})
    return str(source.get("username") or "").strip().lower()


def lockout(request: HttpRequest, credentials: dict | None = None, *args, **kwargs) -> HttpResponse:
    return render(request, "profiles/lockout.html", status=429)


class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        # The link is built from the configured site, never from the Host header an attacker can choose.
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)


password_reset = PasswordResetView.as_view(
    form_class=EmailPasswordResetForm,
    template_name="profiles/password_reset.html",
    email_template_name="profiles/email/password_reset.txt",
    html_email_template_name="profiles/email/password_reset.html",
    subject_template_name="profiles/email/password_reset_subject.txt",
    success_url=reverse_lazy("profiles:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="profiles/password_reset_done.html")
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    form_class=NewPasswordForm,
    template_name="profiles/password_reset_confirm.html",
    success_url=reverse_lazy("profiles:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="profiles/password_reset_complete.html"
)
