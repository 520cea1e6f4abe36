"""Stored matches: one per (request, offer) pair, their history, the scoring runs that refresh them, and the
vectors those runs share."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from needs.models import CapabilityRequest
from offers.models import Offer
from profiles.models import User


class MatchSource(models.TextChoices):
    ENGINE = "engine", _("Matching engine")
    STARTUP_INTEREST = "startup_interest", _("Startup's interest")
    OFFICER_REQUEST = "officer_request", _("Officer's request")
    STAFF = "staff", _("Office staff")


class MatchState(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    PILOTING = "piloting", _("Piloting")
    CONTRACTED = "contracted", _("Contracted")
    CLOSED = "closed", _("Closed")
    DISMISSED = "dismissed", _("Dismissed")
    DECLINED = "declined", _("Declined")


class DismissReason(models.TextChoices):
    WRONG_CAPABILITY = "wrong_capability", _("Wrong capability")
    NOT_READY = "not_ready", _("Not ready (readiness too low)")
    TOO_SLOW = "too_slow", _("Too slow (lead time)")
    TOO_EXPENSIVE = "too_expensive", _("Too expensive")
    EXPORT_CONTROL = "export_control", _("Export-control issue")
    DUPLICATE = "duplicate", _("Duplicate")
    OTHER = "other", _("Other")


class MatchAction(models.TextChoices):
    SUGGEST = "suggest", _("Suggested by the engine")
    SHORTLIST = "shortlist", _("Shortlisted")
    DISMISS = "dismiss", _("Dismissed")
    PROPOSE = "propose", _("Introduction proposed")
    ACCEPT = "accept", _("Accepted")
    DECLINE = "decline", _("Declined")
    START_PILOT = "start_pilot", _("Pilot started")
    CONTRACT = "contract", _("Contract signed")
    CLOSE = "close", _("Closed")
    INTEREST = "interest", _("Startup expressed interest")
    INTRODUCTION_REQUEST = "introduction_request", _("Officer asked for an introduction")
    NOTE = "note", _("Internal note")
    FEEDBACK = "feedback", _("Field feedback")
    MEETING_PROPOSE = "meeting_propose", _("Meeting proposed")
    MEETING_CONFIRM = "meeting_confirm", _("Meeting confirmed")
    MEETING_CANCEL = "meeting_cancel", _("Meeting cancelled")
    PLAN = "plan", _("Pilot plan written")
    PLAN_CONFIRM = "plan_confirm", _("Pilot plan confirmed")
    SLOT_BOOK = "slot_book", _("Trial slot booked")
    LICENCE = "licence", _("Export licence recorded")
    LICENCE_OVERRIDE = "licence_override", _("Export licence overridden by the office")
    END_PILOT = "end_pilot", _("Pilot ended")
    REPORT = "report", _("Trial report")


# An engine suggestion no person has acted on: rescoring may withdraw it. The one definition, read as a row
# test (Match.is_untouched_suggestion) and as a filter (untouched_suggestions()).
UNTOUCHED_SUGGESTION = {"touched_at": None, "state": MatchState.SUGGESTED, "source": MatchSource.ENGINE}


def untouched_suggestions() -> Q:
    return Q(**UNTOUCHED_SUGGESTION)


class Match(models.Model):
    capability_request = models.ForeignKey(CapabilityRequest, on_delete=models.CASCADE, related_name="matches")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="matches")
    score = models.FloatField(_("score"))
    explanation = models.JSONField(_("explanation"), default=dict)
    # The structural checklist (matching/checks.py) as of the last scoring, and how many of its checks fail.
    checks = models.JSONField(_("checks"), default=list)
    failed_checks = models.PositiveSmallIntegerField(_("failed checks"), default=0)
    engine_version = models.CharField(max_length=32, blank=True)
    config_hash = models.CharField(max_length=32, blank=True)
    scored_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(_("source"), max_length=24, choices=MatchSource, default=MatchSource.ENGINE)
    state = models.CharField(_("state"), max_length=16, choices=MatchState, default=MatchState.SUGGESTED)
    # Set by the first action of a person (staff or a party); untouched engine suggestions may be withdrawn.
    touched_at = models.DateTimeField(null=True, blank=True)
    # Pulls: a startup's pitch or an officer's reason; they put the pair at the top of the staff queue.
    pull_note = models.TextField(_("note from the party"), blank=True)
    pulled_at = models.DateTimeField(null=True, blank=True)
    dismiss_reason = models.CharField(_("dismissal reason"), max_length=24, choices=DismissReason, blank=True)
    # A proposal carries one summary per side; the startup's never reveals what the request's visibility hides.
    summary_for_startup = models.TextField(_("summary for the startup"), blank=True)
    summary_for_officer = models.TextField(_("summary for the officer"), blank=True)
    proposed_at = models.DateTimeField(null=True, blank=True)
    startup_accepted_at = models.DateTimeField(null=True, blank=True)
    startup_accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    officer_accepted_at = models.DateTimeField(null=True, blank=True)
    officer_accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["capability_request", "offer"], name="one_match_per_pair"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=1), name="match_score_in_unit_interval"),
            models.CheckConstraint(condition=Q(state__in=MatchState.values), name="match_state_valid"),
            models.CheckConstraint(condition=Q(source__in=MatchSource.values), name="match_source_valid"),
            models.CheckConstraint(
                condition=~Q(state=MatchState.DISMISSED) | ~Q(dismiss_reason=""), name="dismissed_match_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(state__in=[MatchState.SUGGESTED, MatchState.SHORTLISTED, MatchState.DISMISSED])
                | Q(proposed_at__isnull=False),
                name="match_past_proposal_was_proposed",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=[MatchState.ACCEPTED, MatchState.PILOTING, MatchState.CONTRACTED])
                | Q(startup_accepted_at__isnull=False, officer_accepted_at__isnull=False),
                name="accepted_match_accepted_by_both",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "-score"]),
            models.Index(fields=["state", "failed_checks", "-score"], name="match_state_failed_score"),
            models.Index(fields=["capability_request", "state"]),
            models.Index(fields=["offer", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.capability_request} ↔ {self.offer}"

    @property
    def is_untouched_suggestion(self) -> bool:
        return all(getattr(self, name) == value for name, value in UNTOUCHED_SUGGESTION.items())


class MatchEvent(models.Model):
    """One step in a match's history: who did what, from which state to which, why and when.

    Most actions change the state; some do not (one side's acceptance while the other is awaited,
    a pull on an existing pair, an internal note, feedback) and are recorded all the same."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=24, choices=MatchAction, default=MatchAction.SUGGEST)
    from_state = models.CharField(max_length=16, choices=MatchState, blank=True)
    to_state = models.CharField(max_length=16, choices=MatchState)
    note = models.TextField(blank=True)
    # Internal notes are for staff only; everything else is the shared timeline of the parties too.
    internal = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["match", "created_at"])]


class RunKind(models.TextChoices):
    FULL = "full", _("Full rescore")
    NIGHTLY = "nightly", _("Nightly rescore")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    FAILED = "failed", _("Failed")


class ScoringRun(models.Model):
    """A full rescore of every open request, done in chunks; its progress is visible to staff."""

    kind = models.CharField(max_length=16, choices=RunKind, default=RunKind.FULL)
    status = models.CharField(max_length=16, choices=RunStatus, default=RunStatus.QUEUED)
    started_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    requests_total = models.PositiveIntegerField(default=0)
    requests_done = models.PositiveIntegerField(default=0)
    pairs_scored = models.PositiveBigIntegerField(default=0)
    matches_written = models.PositiveIntegerField(default=0)
    # The last request a chunk finished: chunks resume after it, and a re-delivered chunk sees it is done.
    last_request_id = models.PositiveBigIntegerField(default=0)
    errors = models.TextField(blank=True)
    engine_version = models.CharField(max_length=32, blank=True)
    config_hash = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(requests_done__lte=models.F("requests_total")), name="run_progress_bounded"
            ),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(status__in=["queued", "running"]), name="one_active_run_per_kind"
            ),
        ]

    @property
    def progress_percent(self) -> int:
        if not self.requests_total:
            return 100 if self.status == RunStatus.FINISHED else 0
        return round(100 * self.requests_done / self.requests_total)


class EncodedVector(models.Model):
    """One text's vector from one encoder, stored once for every worker and web process.

    The key is the engine's content hash of (encoder, kind, text): a changed text, or another encoder,
    makes a new row and leaves the old one unread. `encoder` names the model that made the vector, so
    that the rows an encoder no longer configured left behind can be found and deleted.
    """

    key = models.CharField(primary_key=True, max_length=64)
    encoder = models.CharField(max_length=100)
    vector = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)
