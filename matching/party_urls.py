from django.urls import path

from . import party_views

app_name = "matches"

urlpatterns = [
    path("", party_views.proposal_list, name="list"),
    path("<int:pk>/", party_views.detail, name="detail"),
]
