"""After the introduction: the conversation of a match, its meetings, the pilot plan with its success criteria,
the export licence, the field-trial slots the office keeps, and the report that closes a pilot."""

from datetime import timedelta

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profiles.models import User
from profiles.uploads import private_storage, random_upload_name
from taxonomy.models import CapabilityArea

from .matches import Match

# The conversation --------------------------------------------------------------------------------------


class Message(models.Model):
    """One message of the conversation the two parties and the office staff share once both accepted."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("message"), blank=True)
    # A PDF as sent (checked like a datasheet) or an image re-encoded without its metadata; never its own name on disk.
    attachment = models.FileField(
        _("attachment"), upload_to=random_upload_name, storage=private_storage, blank=True, max_length=200
    )
    attachment_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["match", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=~Q(body="") | ~Q(attachment=""), name="message_has_text_or_file")
        ]


class ConversationRead(models.Model):
    """How far one reader has read one conversation: what is newer counts as unread."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    last_read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["match", "user"], name="one_read_mark_per_reader")]


# Meetings ----------------------------------------------------------------------------------------------


class MeetingState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    """A meeting one party proposes with two or three times; the other side picks one."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="meetings")
    proposed_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    # "startup" or "officer": the side that proposed, whose people may not pick the time.
    proposer_side = models.CharField(max_length=8)
    topic = models.CharField(_("topic"), max_length=200)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    # The time zone the proposer wrote the times in; every time is stored in UTC.
    time_zone = models.CharField(_("time zone"), max_length=64)
    state = models.CharField(max_length=16, choices=MeetingState, default=MeetingState.PROPOSED)
    starts_at = models.DateTimeField(null=True, blank=True)
    chosen_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    cancel_reason = models.TextField(blank=True)
    cancelled_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # A meeting moved to new times: the one it replaces, cancelled with the reason.
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=MeetingState.values), name="meeting_state_valid"),
            models.CheckConstraint(
                condition=~Q(state=MeetingState.CONFIRMED) | Q(starts_at__isnull=False),
                name="confirmed_meeting_has_a_time",
            ),
            models.CheckConstraint(
                condition=~Q(state=MeetingState.CANCELLED) | ~Q(cancel_reason=""), name="cancelled_meeting_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=15, duration_minutes__lte=240), name="meeting_duration_bounded"
            ),
        ]

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes) if self.starts_at else None


class MeetingSlot(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "starts_at"], name="meeting_times_distinct")]


# The pilot ---------------------------------------------------------------------------------------------


class ShippingPaidBy(models.TextChoices):
    STARTUP = "startup", _("The startup")
    REQUESTER = "requester", _("The requesting organisation")
    OFFICE = "office", _("The Defence Innovation Office")
    SHARED = "shared", _("Shared")


class PilotPlan(models.Model):
    """What a pilot is to show, where, when and with how many items. Both sides confirm it before the pilot
    starts; any change withdraws both confirmations."""

    match = models.OneToOneField(Match, on_delete=models.CASCADE, related_name="pilot_plan")
    location = models.TextField(_("where"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    quantity = models.PositiveIntegerField(_("items"))
    shipping_paid_by = models.CharField(_("shipping paid by"), max_length=16, choices=ShippingPaidBy)
    written_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    startup_confirmed_at = models.DateTimeField(null=True, blank=True)
    startup_confirmed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    officer_confirmed_at = models.DateTimeField(null=True, blank=True)
    officer_confirmed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Set when either side ends the pilot before its last day; the report is due from then (or after ends_on).
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="pilot_ends_after_it_starts"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="pilot_has_items"),
            models.CheckConstraint(
                condition=Q(shipping_paid_by__in=ShippingPaidBy.values), name="pilot_shipping_valid"
            ),
        ]

    @property
    def confirmed(self) -> bool:
        return self.startup_confirmed_at is not None and self.officer_confirmed_at is not None


class SuccessCriterion(models.Model):
    """One measurable thing the pilot must show, e.g. "holds the video link under the brigade's EW for 10 sorties"."""

    plan = models.ForeignKey(PilotPlan, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(_("success criterion"), max_length=300)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["plan", "position"], name="criterion_position_unique")]


class LicenceStatus(models.TextChoices):
    HELD = "held", _("Held")
    APPLIED = "applied", _("Applied for")


class ExportLicence(models.Model):
    """The export checkpoint of one match: the licence the startup holds or applied for to ship its controlled
    item to Ukraine, and a staff override with its written reason."""

    match = models.OneToOneField(Match, on_delete=models.CASCADE, related_name="export_licence")
    status = models.CharField(_("licence"), max_length=16, choices=LicenceStatus, blank=True)
    number = models.CharField(_("licence number"), max_length=100, blank=True)
    issuing_authority = models.CharField(_("issuing authority"), max_length=200, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    document = models.FileField(
        _("licence (PDF)"), upload_to=random_upload_name, storage=private_storage, blank=True, max_length=200
    )
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)
    override_reason = models.TextField(_("reason for the override"), blank=True)
    override_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    override_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["", *LicenceStatus.values]), name="licence_status_valid"),
            models.CheckConstraint(
                condition=Q(status="") | (~Q(number="") & ~Q(issuing_authority="")), name="licence_is_identified"
            ),
            models.CheckConstraint(
                condition=~Q(status=LicenceStatus.HELD) | Q(valid_until__isnull=False), name="held_licence_has_expiry"
            ),
            models.CheckConstraint(
                condition=~Q(status="") | ~Q(override_reason=""), name="licence_or_override_recorded"
            ),
        ]


# Field-trial capacity ----------------------------------------------------------------------------------


class TrialSlot(models.Model):
    """A test range's or partner unit's capacity to trial products: areas, dates, how many at once."""

    place = models.CharField(_("test range or unit"), max_length=200)
    description = models.TextField(_("what it offers"), blank=True)
    areas = models.ManyToManyField(CapabilityArea, blank=True, related_name="+", verbose_name=_("capability areas"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    capacity = models.PositiveSmallIntegerField(_("products at once"))
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="slot_ends_after_it_starts"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="slot_has_capacity"),
        ]

    def __str__(self) -> str:
        return self.place


class SlotBooking(models.Model):
    """One place of a trial slot taken by a match's pilot."""

    slot = models.ForeignKey(TrialSlot, on_delete=models.PROTECT, related_name="bookings")
    match = models.OneToOneField(Match, on_delete=models.CASCADE, related_name="slot_booking")
    booked_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)


# The trial report --------------------------------------------------------------------------------------


class TrialReport(models.Model):
    """The requesting unit's report when the pilot ends, which the startup reads: the loop back from the front line."""

    match = models.OneToOneField(Match, on_delete=models.CASCADE, related_name="trial_report")
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    rating = models.PositiveSmallIntegerField(_("overall rating"))
    what_worked = models.TextField(_("what worked"))
    what_failed = models.TextField(_("what failed"), blank=True)
    would_order_more = models.BooleanField(_("would order more"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="report_rating_1_to_5")]


class CriterionOutcome(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class CriterionResult(models.Model):
    report = models.ForeignKey(TrialReport, on_delete=models.CASCADE, related_name="results")
    criterion = models.ForeignKey(SuccessCriterion, on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(max_length=16, choices=CriterionOutcome)
    note = models.TextField(blank=True)
    # Re-encoded without metadata: a photo from the field must not carry where it was taken.
    photo = models.FileField(upload_to=random_upload_name, storage=private_storage, blank=True, max_length=200)

    class Meta:
        ordering = ["criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "criterion"], name="one_result_per_criterion"),
            models.CheckConstraint(condition=Q(outcome__in=CriterionOutcome.values), name="criterion_outcome_valid"),
        ]
