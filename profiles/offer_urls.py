"""Routes of the offers side (a startup's offers and company profile, the catalogue, the files),
in the profiles namespace."""

from django.urls import path

from .views import company, offers

urlpatterns = [
    path("offers/", offers.my_offers, name="offer_list"),
    path("offers/new/", offers.create, name="offer_create"),
    path("offers/<int:pk>/", offers.detail, name="offer_detail"),
    path("offers/<int:pk>/edit/", offers.edit, name="offer_edit"),
    path("offers/<int:pk>/publish/", offers.move, {"move": "publish"}, name="offer_publish"),
    path("offers/<int:pk>/unpublish/", offers.move, {"move": "unpublish"}, name="offer_unpublish"),
    path("offers/<int:pk>/archive/", offers.move, {"move": "archive"}, name="offer_archive"),
    path("offers/<int:pk>/restore/", offers.move, {"move": "restore"}, name="offer_restore"),
    path("offers/<int:pk>/datasheet/", offers.datasheet, name="offer_datasheet"),
    path("catalogue/", offers.catalogue, name="offer_catalogue"),
    path("company/", company.company, name="company_profile"),
    path("organisations/<int:pk>/logo/", offers.logo, name="organisation_logo"),
]
