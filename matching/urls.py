"""The routes of matching, one list per audience, each included under a namespace that names the app:
`matching` (staff curation and rescores), `matching_parties` (the parties' introductions and pulls) and
`matching_dashboard` (the staff dashboard and its exports)."""

from django.urls import path

from .views import dashboard, parties, staff

staff_urlpatterns = [
    path("queue/", staff.queue, name="queue"),
    path("requests/<int:pk>/", staff.request_candidates, name="request_candidates"),
    path("requests/<int:pk>/curator/", staff.request_curator, name="request_curator"),
    path("matches/<int:pk>/", staff.match_detail, name="match_detail"),
    path("matches/<int:pk>/note/", staff.match_note, name="match_note"),
    path("matches/<int:pk>/moves/<slug:move>/", staff.match_move, name="match_move"),
    path("runs/", staff.runs, name="runs"),
    path("runs/<int:pk>/progress/", staff.run_progress, name="run_progress"),
]

party_urlpatterns = [
    path("", parties.proposal_list, name="list"),
    path("fitting-requests/", parties.fitting_requests, name="fitting_requests"),
    path("<int:pk>/", parties.detail, name="detail"),
    path("<int:pk>/moves/<slug:move>/", parties.move, name="move"),
    path("<int:pk>/feedback/", parties.feedback, name="feedback"),
    path("interest/request/<int:pk>/", parties.express_interest, name="express_interest"),
    path("introduction/offer/<int:pk>/", parties.request_introduction, name="request_introduction"),
]

dashboard_urlpatterns = [
    path("", dashboard.index, name="index"),
    path("matches.csv", dashboard.matches_csv, name="matches_csv"),
    path("gaps.csv", dashboard.gaps_csv, name="gaps_csv"),
]
