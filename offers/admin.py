"""Django admin for offers: a read-only view for staff; every change goes through the offer services."""

from django.contrib import admin

from .models import Offer


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "state", "trl", "export_control", "updated_at"]
    list_filter = ["state", "export_control", "field_tested_ua"]
    list_select_related = ["organisation"]
    search_fields = ["title", "organisation__legal_name"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
