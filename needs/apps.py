from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "needs"
    verbose_name = _("Capability requests")

    def ready(self) -> None:
        from innovation_office.fragments import catalogue_shows
        from notifications.subjects import subject_register
        from profiles.personal_data import personal_data_register

        from .models import CapabilityRequest
        from .selectors import REQUEST_SUBJECT, readable_request_ids
        from .services import requests_created_by_export

        catalogue_shows(CapabilityRequest, CapabilityRequest.areas.through, unseen={"scoring_queued_at", "curator"})
        subject_register(REQUEST_SUBJECT, readable_request_ids)
        personal_data_register("capability_requests", export=requests_created_by_export)
