from django.urls import path

from . import views

app_name = "needs"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.request_create_view, name="create"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/edit/", views.request_edit, name="edit"),
    path("<int:pk>/scoring/", views.request_scoring, name="scoring"),
    path("<int:pk>/state/", views.request_change_state, name="change_state"),
]
