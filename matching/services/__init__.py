"""Writes to matches: the scoring upsert, full rescores, and the curated life of a match."""

from .runs import scoring_run_advance, scoring_run_claim, scoring_run_fail, scoring_run_start
from .upsert import (
    RefreshOutcome,
    english_label,
    matches_refresh_for_offer,
    matches_refresh_for_request,
    matches_withdraw_for_offer,
    matches_withdraw_for_request,
)
from .workflow import (
    IllegalTransition,
    feedback_submit,
    match_accept,
    match_add_note,
    match_close,
    match_decline,
    match_dismiss,
    match_express_interest,
    match_propose,
    match_record_contract,
    match_request_introduction,
    match_shortlist,
    match_start_pilot,
)

__all__ = [
    "IllegalTransition",
    "RefreshOutcome",
    "english_label",
    "feedback_submit",
    "match_accept",
    "match_add_note",
    "match_close",
    "match_decline",
    "match_dismiss",
    "match_express_interest",
    "match_propose",
    "match_record_contract",
    "match_request_introduction",
    "match_shortlist",
    "match_start_pilot",
    "matches_refresh_for_offer",
    "matches_refresh_for_request",
    "matches_withdraw_for_offer",
    "matches_withdraw_for_request",
    "scoring_run_advance",
    "scoring_run_claim",
    "scoring_run_fail",
    "scoring_run_start",
]
