"""Routes of the offers app: a startup's offers and company profile, the catalogue, and the files."""

from django.urls import path

from . import views

app_name = "offers"

urlpatterns = [
    path("offers/", views.my_offers, name="list"),
    path("offers/new/", views.create, name="create"),
    path("offers/<int:pk>/", views.detail, name="detail"),
    path("offers/<int:pk>/edit/", views.edit, name="edit"),
    path("offers/<int:pk>/scoring/", views.scoring, name="scoring"),
    path("offers/<int:pk>/publish/", views.move, {"move": "publish"}, name="publish"),
    path("offers/<int:pk>/unpublish/", views.move, {"move": "unpublish"}, name="unpublish"),
    path("offers/<int:pk>/archive/", views.move, {"move": "archive"}, name="archive"),
    path("offers/<int:pk>/restore/", views.move, {"move": "restore"}, name="restore"),
    path("offers/<int:pk>/datasheet/", views.datasheet, name="datasheet"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/searches/", views.saved_searches, name="saved_searches"),
    path("catalogue/searches/<int:pk>/delete/", views.saved_search_remove, name="saved_search_delete"),
    path("company/", views.company_profile, name="company_profile"),
    path("organisations/<int:pk>/logo/", views.logo, name="organisation_logo"),
]
