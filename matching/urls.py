from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("requests/<int:pk>/", views.request_candidates, name="request_candidates"),
    path("matches/<int:pk>/", views.match_detail, name="match_detail"),
    path("matches/<int:pk>/<slug:action>/", views.match_action, name="match_action"),
    path("runs/", views.runs, name="runs"),
    path("runs/<int:pk>/progress/", views.run_progress, name="run_progress"),
]
