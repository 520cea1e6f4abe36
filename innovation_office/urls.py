"""The project's routes: each app's pages under its own prefix."""

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

from matching import urls as matching_urls
from profiles.views import public

admin.site.login = login_required(admin.site.login)
admin.site.site_header = "Defence Innovation Office"

urlpatterns = [
    path("", public.landing, name="landing"),
    path("healthz", public.healthz, name="healthz"),
    path("language/", public.switch_language, name="switch_language"),
    path("", include("profiles.urls")),
    path("", include("offers.urls")),
    path("staff/dashboard/", include((matching_urls.dashboard_urlpatterns, "matching_dashboard"))),
    path("staff/", include("profiles.staff_urls")),
    path("staff/matching/", include((matching_urls.staff_urlpatterns, "matching"))),
    path("matches/", include((matching_urls.party_urlpatterns, "matching_parties"))),
    path("requests/", include("needs.urls")),
    path("notifications/", include("notifications.urls")),
    path("legal/", include("legal.urls")),
    path("api/v1/", include("innovation_office.api.urls")),
    path("admin/", admin.site.urls),
]
