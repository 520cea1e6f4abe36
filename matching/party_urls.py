from django.urls import path

from . import party_views

app_name = "matches"

urlpatterns = [
    path("", party_views.proposal_list, name="list"),
    path("<int:pk>/", party_views.detail, name="detail"),
    path("<int:pk>/<slug:action>/", party_views.action, name="action"),
    path("interest/request/<int:pk>/", party_views.express_interest, name="express_interest"),
    path("introduction/offer/<int:pk>/", party_views.request_introduction, name="request_introduction"),
]
