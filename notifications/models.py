"""Notifications: one row per thing a user should hear about, and how each user wants to hear it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmailFrequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately, one e-mail per notification")
    DAILY = "daily", _("Once a day, in one digest e-mail")
    OFF = "off", _("Never: I read them on the site")


class EmailChannel(models.TextChoices):
    """How a notification's e-mail goes out, decided when the notification is written."""

    IMMEDIATE = "immediate", _("Immediate e-mail")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    NONE = "none", _("No e-mail")


DIGEST_CHANNELS = (EmailChannel.DAILY, EmailChannel.WEEKLY)


class Notification(models.Model):
    """One notification to one user.

    The row is also the unit of e-mail delivery: a sender claims it (``claim_token``, ``claimed_at``),
    sends, and marks ``emailed_at``; ``due_at`` says from when the sweeper may hand it out again if no
    sender has claimed it (a lost task message, or the next try after an SMTP failure).

    ``subject_type`` and ``subject_id`` name what the notification is about ("matching.match", 12), so
    that what it may show is checked against its reader's rights when shown or sent (see ``subjects``).
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=64)
    dedup_key = models.CharField(_("de-duplication key"), max_length=255, unique=True)
    context = models.JSONField(_("context"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500)
    subject_type = models.CharField(_("subject type"), max_length=64, blank=True, default="")
    subject_id = models.PositiveBigIntegerField(_("subject id"), null=True, blank=True)
    digest_only = models.BooleanField(_("digest only"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_channel = models.CharField(_("e-mail channel"), max_length=16, choices=EmailChannel)
    due_at = models.DateTimeField(_("e-mail due at"), default=timezone.now)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(_("claimed for sending at"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("failed e-mail attempts"), default=0)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(email_channel__in=EmailChannel.values), name="notification_email_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(emailed_at__isnull=True) | ~Q(email_channel=EmailChannel.NONE),
                name="notification_emailed_only_if_it_had_a_channel",
            ),
            models.CheckConstraint(
                condition=Q(claim_token__isnull=True, claimed_at__isnull=True)
                | Q(claim_token__isnull=False, claimed_at__isnull=False),
                name="notification_claim_has_token_and_time",
            ),
            models.CheckConstraint(
                condition=~Q(url__startswith="//") & Q(url__startswith="/"),
                name="notification_url_is_site_relative",
            ),
            models.CheckConstraint(
                condition=Q(subject_type="", subject_id__isnull=True)
                | (~Q(subject_type="") & Q(subject_id__isnull=False)),
                name="notification_subject_has_type_and_id",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
            models.Index(
                fields=["email_channel", "due_at"],
                condition=Q(emailed_at__isnull=True) & ~Q(email_channel=EmailChannel.NONE),
                name="notification_email_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(models.Model):
    """How a user wants notifications e-mailed; a user without a row gets them immediately."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_frequency = models.CharField(
        _("e-mail me"), max_length=16, choices=EmailFrequency, default=EmailFrequency.IMMEDIATELY
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.CheckConstraint(
                condition=Q(email_frequency__in=EmailFrequency.values), name="notification_frequency_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email_frequency}"
