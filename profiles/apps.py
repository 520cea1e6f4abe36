from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = _("Profiles")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from innovation_office.fragments import catalogue_shows

        from .middleware import stamp_session_activity
        from .models import Organisation
        from .personal_data import register_own_sections

        register_own_sections()
        catalogue_shows(Organisation)
        user_logged_in.connect(stamp_session_activity, dispatch_uid="profiles.stamp_session_activity")
