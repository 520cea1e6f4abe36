from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = _("Offers")

    def ready(self) -> None:
        # Whatever opens an image in this process, Pillow refuses one whose header announces a bomb.
        from PIL import Image

        from innovation_office.fragments import catalogue_shows
        from notifications.subjects import subject_register
        from profiles.personal_data import personal_data_register

        from .models import Offer
        from .saved_searches import OFFER_SUBJECT, readable_offer_ids
        from .selectors import offers_created_by_export

        catalogue_shows(Offer, Offer.areas.through, unseen={"scoring_queued_at"})
        Image.MAX_IMAGE_PIXELS = settings.UPLOAD_IMAGE_MAX_PIXELS
        personal_data_register("offers", export=offers_created_by_export)
        subject_register(OFFER_SUBJECT, readable_offer_ids)
