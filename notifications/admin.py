"""Notifications in the Django admin: read-only, for following a delivery."""

from django.contrib import admin

from .models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["kind", "recipient", "created_at", "read_at", "email_channel", "emailed_at", "email_attempts"]
    list_filter = ["kind", "email_channel"]
    search_fields = ["dedup_key", "recipient__email"]
    list_select_related = ["recipient"]
    readonly_fields = [field.name for field in Notification._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email_frequency", "updated_at"]
    list_select_related = ["user"]
    readonly_fields = ["user", "email_frequency", "updated_at"]

    def has_add_permission(self, request) -> bool:
        return False
