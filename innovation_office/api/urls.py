"""The REST API's routes under /api/v1/: each app's views on one router, the schema and its Swagger UI."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from matching.api import DashboardView, MatchMessagesView, MatchViewSet, MatchWorkView
from needs.api import OpenRequestViewSet, RequestViewSet
from notifications.api import NotificationViewSet
from offers.api import CompanyProfileViewSet, OfferViewSet, OwnOfferViewSet
from taxonomy.api import AreaListView

from .errors import not_found

app_name = "api"

router = SimpleRouter()
router.register("organisations", CompanyProfileViewSet, basename="organisation")
router.register("offers/mine", OwnOfferViewSet, basename="own-offer")
router.register("offers", OfferViewSet, basename="offer")
router.register("requests", RequestViewSet, basename="request")
router.register("open-requests", OpenRequestViewSet, basename="open-request")
router.register("matches", MatchViewSet, basename="match")
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a separate file, so the page needs no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("capability-areas/", AreaListView.as_view(), name="capability-areas"),
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    path("matches/<int:pk>/work/", MatchWorkView.as_view(), name="match-work"),
    path("matches/<int:pk>/messages/", MatchMessagesView.as_view(), name="match-messages"),
    *router.urls,
    re_path(r"^(?P<path>[\s\S]*)$", not_found, name="not-found"),  # any character, a newline too
]
