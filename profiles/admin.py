"""Django admin for accounts and organisations; vetting changes go through the staff area's service."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import IDENTITY_FIELDS, ApiToken, Invitation, Membership, Organisation, User, VettingEvent
from .permissions import has_passed_vetting
from .services import api_tokens_revoke_all, registration_number_check


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class PasswordSetByStaffForm(AdminPasswordChangeForm):
    """A password staff set here ends the user's API tokens, as a reset does."""

    def save(self, commit: bool = True):
        user = super().save(commit=commit)
        if commit:
            api_tokens_revoke_all(user=user)
        return user


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    change_password_form = PasswordSetByStaffForm
    ordering = ["email"]
    list_display = ["email", "full_name", "preferred_language", "is_active", "email_confirmed_at"]
    list_filter = ["is_active", "is_staff", "preferred_language"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["date_joined", "last_login"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "preferred_language", "email_confirmed_at"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})]


class OrganisationAdminForm(forms.ModelForm):
    def clean(self):
        """A registration number another company holds is refused here as on every other path."""
        cleaned = super().clean()
        if {"country", "registration_number"} & set(self.changed_data):
            country = cleaned.get("country", self.instance.country)
            number = cleaned.get("registration_number", self.instance.registration_number)
            try:
                registration_number_check(country=country, number=number or "", exclude_pk=self.instance.pk)
            except ValidationError as error:
                self.add_error(None, error.messages)
        return cleaned


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationAdminForm
    list_display = ["legal_name", "kind", "country", "vetting_state", "vetting_link"]
    list_filter = ["kind", "vetting_state", "country"]
    search_fields = ["legal_name", "registration_number"]
    readonly_fields = ["vetting_state", "vetted_by", "vetted_at", "vetting_note", "registration_key", "created_at"]
    inlines = [MembershipInline]

    def get_readonly_fields(self, request, obj=None):
        """Who a vetted organisation is changes only through an approved change of identity (staff area)."""
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and has_passed_vetting(obj):
            fields += [name for name in IDENTITY_FIELDS if name not in fields]
        return fields

    @admin.display(description=_("Vetting"))
    def vetting_link(self, organisation: Organisation) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("profiles_staff:organisation_detail", args=[organisation.pk]), _("Change")
        )


@admin.register(VettingEvent)
class VettingEventAdmin(admin.ModelAdmin):
    list_display = ["organisation", "from_state", "to_state", "actor", "created_at"]
    list_select_related = ["organisation", "actor"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_select_related = ["organisation"]
    readonly_fields = ["token_hash", "invited_by", "accepted_by", "accepted_at"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at"]
    list_select_related = ["user"]
    readonly_fields = ["prefix", "token_hash", "last_used_at"]

    def has_add_permission(self, request) -> bool:
        return False
