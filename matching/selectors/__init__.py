"""Reads of matching, each scoped to the user asking: matches, the staff queue and the dashboard."""

from .matches import (
    Contact,
    candidates_for_request,
    contacts_for_staff,
    counterpart_for,
    feedback_due,
    feedback_for,
    match_get,
    matches_for,
    matches_visible_to,
    proposals_for,
    scoring_run_get,
    scoring_runs_for,
    timeline_for,
    title_for_officer,
    title_for_startup,
)

__all__ = [
    "Contact",
    "candidates_for_request",
    "contacts_for_staff",
    "counterpart_for",
    "feedback_due",
    "feedback_for",
    "match_get",
    "matches_for",
    "matches_visible_to",
    "proposals_for",
    "scoring_run_get",
    "scoring_runs_for",
    "timeline_for",
    "title_for_officer",
    "title_for_startup",
]
