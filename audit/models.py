"""The audit trail: one row per security-relevant action, written once and never changed.

Rows keep the actor's id and e-mail as they were (no foreign-key constraint), so removing or
pseudonymising a person later leaves the trail whole. The model refuses updates and deletes; on
PostgreSQL a trigger refuses them too, whatever the client.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .actions import action_label


class AppendOnly(Exception):
    """Somebody tried to change or delete an audit row."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("The audit trail is append-only.")

    def delete(self):
        raise AppendOnly("The audit trail is append-only.")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_email = models.CharField(_("actor's e-mail"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    object_repr = models.CharField(_("object, as it was"), max_length=200, blank=True)
    organisation_id = models.BigIntegerField(_("organisation"), null=True, blank=True)
    origin = models.GenericIPAddressField(_("origin address"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=300, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["-at", "-id"]),
            models.Index(fields=["action", "-at"]),
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["organisation_id", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"

    @property
    def action_label(self) -> str:
        return action_label(self.action)

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("The audit trail is append-only.")
