"""A startup's offer: a product or capability it can deliver, with the facts a buyer checks first."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from innovation_office.search import SearchVectorColumn
from profiles.models import Language, Organisation, User
from profiles.uploads import private_storage, random_upload_name
from taxonomy.reading import search_vector


class OfferState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class ExportControl(models.TextChoices):
    NOT_CONTROLLED = "not_controlled", _("Not controlled")
    DUAL_USE = "dual_use", _("EU dual-use item")
    MILITARY_LIST = "ml", _("EU Common Military List")


# The EU's one-line definitions of technology readiness (Horizon Europe, General Annex B).
TRL_DEFINITIONS = {
    1: _("basic principles observed"),
    2: _("technology concept formulated"),
    3: _("experimental proof of concept"),
    4: _("technology validated in a laboratory"),
    5: _("technology validated in a relevant environment"),
    6: _("technology demonstrated in a relevant environment"),
    7: _("system prototype demonstrated in an operational environment"),
    8: _("system complete and qualified"),
    9: _("actual system proven in an operational environment"),
}


def trl_short_label(level: int) -> str:
    """ "TRL 7" in English, "РГТ 7" in Ukrainian: one word for readiness per language, everywhere."""
    return gettext("TRL %(level)s") % {"level": level}


def trl_label(level: int) -> str:
    return f"{trl_short_label(level)} — {TRL_DEFINITIONS[level]}"


def trl_choices() -> list[tuple[int, str]]:
    """The nine levels with their definitions, in the active language (so a callable, not a constant)."""
    return [(level, trl_label(level)) for level in range(1, 10)]


def trl_filter_choices() -> list[tuple]:
    """A filter's choices: any level, or one of the nine by its short label, in the active language."""
    return [("", _("Any")), *[(level, trl_short_label(level)) for level in range(1, 10)]]


def ml_categories() -> list[tuple[str, str]]:
    return [(f"ML{number}", f"ML{number}") for number in range(1, 23)]


# The columns whose text the search reads.
SEARCHED = {"title", "summary", "description", "ml_category"}


class Offer(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="offers")
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"))
    language = models.CharField(_("language of the text"), max_length=2, choices=Language, default=Language.EN)
    areas = models.ManyToManyField(
        "taxonomy.CapabilityArea",
        verbose_name=_("capability areas"),
        related_name="offers",
        db_table="profiles_offer_areas",
    )
    trl = models.PositiveSmallIntegerField(
        _("technology readiness level"), validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    field_tested_ua = models.BooleanField(_("field-tested in Ukraine"), default=False)
    field_tested_note = models.TextField(_("field-test note"), blank=True)
    lead_time_days = models.PositiveIntegerField(_("lead time (days)"))
    monthly_capacity = models.PositiveIntegerField(_("monthly capacity (units)"), validators=[MinValueValidator(1)])
    price_min_eur = models.PositiveIntegerField(_("unit price from (EUR)"), null=True, blank=True)
    price_max_eur = models.PositiveIntegerField(_("unit price up to (EUR)"), null=True, blank=True)
    export_control = models.CharField(
        _("export-control status"), max_length=16, choices=ExportControl, default=ExportControl.NOT_CONTROLLED
    )
    ml_category = models.CharField(_("Military List category"), max_length=4, choices=ml_categories, blank=True)
    licence_held = models.BooleanField(_("export licence held"), default=False)
    datasheet = models.FileField(
        _("datasheet (PDF)"), upload_to=random_upload_name, storage=private_storage, blank=True
    )
    state = models.CharField(_("state"), max_length=16, choices=OfferState, default=OfferState.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # The catalogue's search terms (innovation_office/search.py), kept in step by save().
    search_vector = SearchVectorColumn(null=True, editable=False)
    # When a change queued a scoring of the offer that has not finished yet; cleared by the scoring.
    scoring_queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The table kept its name when offers left the profiles app: the rows never moved.
        db_table = "profiles_offer"
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(trl__gte=1, trl__lte=9), name="offer_trl_1_to_9"),
            models.CheckConstraint(condition=Q(monthly_capacity__gte=1), name="offer_capacity_positive"),
            models.CheckConstraint(
                condition=Q(price_min_eur__isnull=True)
                | Q(price_max_eur__isnull=True)
                | Q(price_min_eur__lte=F("price_max_eur")),
                name="offer_price_band_ordered",
            ),
            models.CheckConstraint(condition=Q(state__in=OfferState.values), name="offer_state_valid"),
            models.CheckConstraint(
                condition=(Q(export_control=ExportControl.MILITARY_LIST) & ~Q(ml_category=""))
                | (~Q(export_control=ExportControl.MILITARY_LIST) & Q(ml_category="")),
                name="offer_ml_category_iff_military_list",
            ),
            models.CheckConstraint(
                condition=~Q(state=OfferState.PUBLISHED) | Q(published_at__isnull=False),
                name="offer_published_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "organisation"]),
            # The catalogue's first page, newest first, without reading (and sorting) every published offer. On
            # PostgreSQL only (migration 0006): SQLite cannot index NULLS LAST, so a later migration that rebuilds
            # the offers table on SQLite must leave this index out there too.
            models.Index(
                F("published_at").desc(nulls_last=True),
                F("id").desc(),
                condition=Q(state=OfferState.PUBLISHED),
                name="offer_catalogue_newest",
            ),
        ]

    def save(self, *args, **kwargs):
        """Saves the row with its search terms, read again whenever a searched text may have changed."""
        update_fields = kwargs.get("update_fields")
        if update_fields is None or SEARCHED & set(update_fields):
            self.search_vector = search_vector(
                self.title, self.summary, self.description, self.ml_category, self.organisation.legal_name
            )
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_vector"}
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.title

    @property
    def trl_label(self) -> str:
        return trl_label(self.trl)

    @property
    def candidates_pending(self) -> bool:
        """A published offer whose matching requests are being computed after a change."""
        return self.state == OfferState.PUBLISHED and self.scoring_queued_at is not None


class SavedSearch(models.Model):
    """A catalogue search an officer keeps, to run again and to hear of new offers that answer it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(_("name"), max_length=100)
    filters = models.JSONField(_("filters"), default=dict)
    query_string = models.CharField(_("query string"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="saved_search_name_per_user")]

    def __str__(self) -> str:
        return self.name
