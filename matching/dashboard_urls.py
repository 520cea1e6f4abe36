from django.urls import path

from . import dashboard_views

app_name = "dashboard"

urlpatterns = [
    path("", dashboard_views.index, name="index"),
    path("matches.csv", dashboard_views.matches_csv, name="matches_csv"),
    path("gaps.csv", dashboard_views.gaps_csv, name="gaps_csv"),
]
