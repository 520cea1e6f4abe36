from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "taxonomy"
    verbose_name = _("Capability areas")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from innovation_office.fragments import catalogue_shows

        from .models import CapabilityArea
        from .selectors import areas_changed

        post_save.connect(areas_changed, sender=CapabilityArea, dispatch_uid="taxonomy.areas_saved")
        post_delete.connect(areas_changed, sender=CapabilityArea, dispatch_uid="taxonomy.areas_deleted")
        catalogue_shows(CapabilityArea)
