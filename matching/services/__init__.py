"""Writes to matches: curation by staff, the parties' answers and the steps after them, their work together
(conversation, meetings, pilot plan, export licence, trial slots, trial report), pulls, the scoring upsert and
full rescores. Every move of `states.MATCH` has its service here (MOVE_SERVICES)."""

from .curation import match_add_note, match_dismiss, match_propose, match_shortlist
from .parties import match_accept, match_close, match_decline, match_record_contract, match_start_pilot
from .pilots import (
    export_licence_override,
    export_licence_record,
    pilot_end,
    pilot_plan_confirm,
    pilot_plan_save,
    trial_report_submit,
    trial_slot_book,
    trial_slot_create,
)
from .pulls import match_express_interest, match_request_introduction
from .runs import scoring_run_advance, scoring_run_claim, scoring_run_fail, scoring_run_start
from .together import (
    conversation_mark_read,
    meeting_cancel,
    meeting_confirm,
    meeting_move,
    meeting_propose,
    meetings_remind,
    message_send,
)
from .upsert import (
    RefreshOutcome,
    english_label,
    matches_refresh_for_offer,
    matches_refresh_for_request,
    matches_withdraw_for_offer,
    matches_withdraw_for_request,
    offer_scoring_done,
    request_scoring_done,
)

# The service that makes each move of states.MATCH, for the pages and the API that offer moves by name.
MOVE_SERVICES = {
    "shortlist": match_shortlist,
    "dismiss": match_dismiss,
    "propose": match_propose,
    "accept": match_accept,
    "decline": match_decline,
    "start_pilot": match_start_pilot,
    "contract": match_record_contract,
    "close": match_close,
}

__all__ = [
    "MOVE_SERVICES",
    "RefreshOutcome",
    "english_label",
    "conversation_mark_read",
    "export_licence_override",
    "export_licence_record",
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
    "meeting_cancel",
    "meeting_confirm",
    "meeting_move",
    "meeting_propose",
    "meetings_remind",
    "message_send",
    "offer_scoring_done",
    "pilot_end",
    "pilot_plan_confirm",
    "pilot_plan_save",
    "request_scoring_done",
    "scoring_run_advance",
    "scoring_run_claim",
    "scoring_run_fail",
    "scoring_run_start",
    "trial_report_submit",
    "trial_slot_book",
    "trial_slot_create",
]
