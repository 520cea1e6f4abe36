from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "needs"
    verbose_name = _("Capability requests")

    def ready(self) -> None:
        from notifications.subjects import subject_register
        from profiles.personal_data import personal_data_register

        from .selectors import REQUEST_SUBJECT, readable_request_ids
        from .services import requests_created_by_export

        subject_register(REQUEST_SUBJECT, readable_request_ids)
        personal_data_register("capability_requests", export=requests_created_by_export)
