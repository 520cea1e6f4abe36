"""The capability-area tree, named and described in English and Ukrainian."""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class CapabilityArea(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_uk = models.CharField(_("name (Ukrainian)"), max_length=120)
    synonyms_en = models.JSONField(_("synonyms (English)"), default=list, blank=True)
    synonyms_uk = models.JSONField(_("synonyms (Ukrainian)"), default=list, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("capability area")
        verbose_name_plural = _("capability areas")
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="capability_area_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_uk if (get_language() or "en").startswith("uk") else self.name_en
