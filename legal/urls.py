from django.urls import path

from .views import PAGES, legal_page

app_name = "legal"

urlpatterns = [path(f"{slug}/", legal_page, {"slug": slug}, name=slug) for slug in PAGES]
