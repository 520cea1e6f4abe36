from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from innovation_office.search import meaning_register
        from needs.models import CapabilityRequest
        from notifications.subjects import subject_register
        from offers.models import Offer
        from profiles.personal_data import personal_data_register

        from .bridge.search import offers_by_meaning, requests_by_meaning
        from .bridge.search import ready as search_ready
        from .selectors.matches import (
            MATCH_SUBJECT,
            MATCH_SUBJECT_WITHOUT_REQUEST_TEXT,
            match_events_written_by_export,
            readable_match_ids,
            visible_match_ids,
        )
        from .selectors.together import messages_written_by_export

        subject_register(MATCH_SUBJECT, readable_match_ids)
        subject_register(MATCH_SUBJECT_WITHOUT_REQUEST_TEXT, visible_match_ids)
        personal_data_register("match_events", export=match_events_written_by_export)
        personal_data_register("match_messages", export=messages_written_by_export)
        meaning_register(Offer, offers_by_meaning, search_ready)
        meaning_register(CapabilityRequest, requests_by_meaning, search_ready)
