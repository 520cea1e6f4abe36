"""Capability requests written by Ukrainian officers."""

import functools

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from innovation_office.search import SearchVectorColumn
from profiles.models import Language, Organisation, User
from taxonomy.reading import search_vector


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    PRIORITY = "priority", _("Priority")
    CRITICAL = "critical", _("Critical")


URGENCY_RANK = {Urgency.CRITICAL: 3, Urgency.PRIORITY: 2, Urgency.ROUTINE: 1}

# What a request counts in when its officer names nothing else.
DEFAULT_UNIT = "units"


def unit_label(unit: str) -> str:
    """A request's unit as a page shows it: the default one (as the model or the form, in the writer's language,
    wrote it) in the reader's language; any other as written."""
    return gettext("units") if unit in _default_unit_spellings() else unit


@functools.cache
def _default_unit_spellings() -> frozenset[str]:
    spellings = {DEFAULT_UNIT}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            spellings.add(gettext("units"))
    return frozenset(spellings)


class Visibility(models.TextChoices):
    VETTED = "vetted", _("Vetted startups (anonymised)")
    RESTRICTED = "restricted", _("Restricted: office staff only")


class RequestState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    FULFILLED = "fulfilled", _("Fulfilled")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class OperatingCondition(models.TextChoices):
    HEAVY_EW = "heavy_ew", _("Heavy electronic warfare")
    GNSS_DENIED = "gnss_denied", _("GNSS-denied")
    NIGHT = "night", _("Night")
    WINTER = "winter", _("Winter / cold")
    MUD = "mud", _("Mud / wet")
    URBAN = "urban", _("Urban")
    MARITIME = "maritime", _("Maritime")
    LONG_RANGE = "long_range", _("Long range")


# The columns whose text the search reads.
SEARCHED = {"title", "title_en", "description", "summary_en"}


class CapabilityRequest(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="capability_requests")
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    language = models.CharField(_("language of the text"), max_length=2, choices=Language, default=Language.UK)
    summary_en = models.TextField(_("English summary"), blank=True)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    areas = models.ManyToManyField(
        "taxonomy.CapabilityArea", verbose_name=_("capability areas"), related_name="capability_requests"
    )
    conditions = models.JSONField(_("operating conditions"), default=list, blank=True)
    conditions_note = models.CharField(_("other conditions"), max_length=300, blank=True)
    min_trl = models.PositiveSmallIntegerField(
        _("minimum readiness level"), validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    unit = models.CharField(_("unit"), max_length=40, default=DEFAULT_UNIT)
    needed_by = models.DateField(_("needed by"))
    budget_min_eur = models.PositiveIntegerField(_("budget from (EUR)"), null=True, blank=True)
    budget_max_eur = models.PositiveIntegerField(_("budget up to (EUR)"), null=True, blank=True)
    urgency = models.CharField(_("urgency"), max_length=16, choices=Urgency, default=Urgency.ROUTINE)
    visibility = models.CharField(_("visibility"), max_length=16, choices=Visibility, default=Visibility.VETTED)
    state = models.CharField(_("state"), max_length=16, choices=RequestState, default=RequestState.DRAFT)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # The request catalogue's search terms (innovation_office/search.py), kept in step by save().
    search_vector = SearchVectorColumn(null=True, editable=False)
    # When a change queued a scoring of the request that has not finished yet; cleared by the scoring.
    scoring_queued_at = models.DateTimeField(null=True, blank=True)
    # The staff member who curates the request's candidates (and alone hears of new ones); set by a service
    # that accepts only active office staff.
    curator = models.ForeignKey(
        User,
        verbose_name=_("curator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="curated_requests",
    )

    class Meta:
        verbose_name = _("capability request")
        verbose_name_plural = _("capability requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(min_trl__gte=1, min_trl__lte=9), name="request_min_trl_1_to_9"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="request_quantity_positive"),
            models.CheckConstraint(
                condition=Q(budget_min_eur__isnull=True)
                | Q(budget_max_eur__isnull=True)
                | Q(budget_min_eur__lte=F("budget_max_eur")),
                name="request_budget_band_ordered",
            ),
            models.CheckConstraint(condition=Q(urgency__in=Urgency.values), name="request_urgency_valid"),
            models.CheckConstraint(condition=Q(visibility__in=Visibility.values), name="request_visibility_valid"),
            models.CheckConstraint(condition=Q(state__in=RequestState.values), name="request_state_valid"),
            # A draft may be cancelled without ever having been opened; every other state was opened once.
            models.CheckConstraint(
                condition=Q(state__in=[RequestState.DRAFT, RequestState.CANCELLED]) | Q(opened_at__isnull=False),
                name="request_opened_has_time",
            ),
            models.CheckConstraint(
                condition=Q(state__in=[RequestState.DRAFT, RequestState.OPEN]) | Q(closed_at__isnull=False),
                name="request_finished_has_time",
            ),
        ]
        indexes = [models.Index(fields=["state", "visibility"]), models.Index(fields=["organisation", "state"])]

    def save(self, *args, **kwargs):
        """Saves the row with its search terms, read again whenever a searched text may have changed."""
        update_fields = kwargs.get("update_fields")
        if update_fields is None or SEARCHED & set(update_fields):
            self.search_vector = search_vector(self.title, self.title_en, self.description, self.summary_en)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_vector"}
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.title

    @property
    def unit_label(self) -> str:
        return unit_label(self.unit)

    @property
    def candidates_pending(self) -> bool:
        """An open request whose candidate offers are being computed after a change."""
        return self.state == RequestState.OPEN and self.scoring_queued_at is not None
