from django.contrib import admin

from .models import CapabilityArea


@admin.register(CapabilityArea)
class CapabilityAreaAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_uk", "parent", "slug"]
    list_select_related = ["parent"]
    search_fields = ["name_en", "name_uk", "slug"]
    ordering = ["position"]
