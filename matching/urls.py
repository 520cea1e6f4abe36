"""The routes of matching, one list per audience, each included under a namespace that names the app:
`matching` (staff curation and rescores), `matching_parties` (the parties' introductions and pulls) and
`matching_dashboard` (the staff dashboard and its exports)."""

from django.urls import path

from .views import dashboard, downloads, parties, staff, suggestions, together

staff_urlpatterns = [
    path("queue/", staff.queue, name="queue"),
    path("queue/requests/<int:pk>/more/", staff.queue_more, name="queue_more"),
    path("requests/<int:pk>/", staff.request_candidates, name="request_candidates"),
    path("requests/<int:pk>/curator/", staff.request_curator, name="request_curator"),
    path("matches/<int:pk>/", staff.match_detail, name="match_detail"),
    path("matches/<int:pk>/note/", staff.match_note, name="match_note"),
    path("matches/<int:pk>/moves/<slug:move>/", staff.match_move, name="match_move"),
    path("runs/", staff.runs, name="runs"),
    path("runs/<int:pk>/progress/", staff.run_progress, name="run_progress"),
    path("trial-slots/", staff.trial_slots, name="trial_slots"),
]

party_urlpatterns = [
    path("", parties.proposal_list, name="list"),
    path("fitting-requests/", parties.fitting_requests, name="fitting_requests"),
    path("<int:pk>/", parties.detail, name="detail"),
    path("<int:pk>/moves/<slug:move>/", parties.move, name="move"),
    path("<int:pk>/together/", together.page, name="together"),
    path("<int:pk>/together/messages/", together.step, {"name": "message"}, name="message"),
    path("<int:pk>/together/meetings/", together.step, {"name": "meeting_propose"}, name="meeting_propose"),
    path("<int:pk>/together/plan/", together.step, {"name": "plan"}, name="plan"),
    path("<int:pk>/together/plan/confirm/", together.step, {"name": "plan_confirm"}, name="plan_confirm"),
    path("<int:pk>/together/licence/", together.step, {"name": "licence"}, name="licence"),
    path("<int:pk>/together/licence/document/", downloads.licence_document, name="licence_document"),
    path("<int:pk>/together/licence/override/", together.step, {"name": "licence_override"}, name="licence_override"),
    path("<int:pk>/together/slot/", together.slot_book, name="slot_book"),
    path("<int:pk>/together/end/", together.step, {"name": "pilot_end"}, name="pilot_end"),
    path("<int:pk>/together/report/", together.report, name="report"),
    path("<int:pk>/together/report/<int:result>/photo/", downloads.result_photo, name="result_photo"),
    path("messages/<int:pk>/attachment/", downloads.attachment, name="attachment"),
    path("meetings/<int:pk>/<slug:step>/", together.meeting_step, name="meeting_step"),
    path("meetings/<int:pk>/invitation.ics", downloads.meeting_calendar, name="meeting_calendar"),
    path("interest/request/<int:pk>/", parties.express_interest, name="express_interest"),
    path("introduction/offer/<int:pk>/", parties.request_introduction, name="request_introduction"),
    path("area-suggestions/", suggestions.area_suggestions, name="area_suggestions"),
]

dashboard_urlpatterns = [
    path("", dashboard.index, name="index"),
    path("matches.csv", dashboard.matches_csv, name="matches_csv"),
    path("gaps.csv", dashboard.gaps_csv, name="gaps_csv"),
]
