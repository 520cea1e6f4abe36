from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from profiles.backends import signed_in_annotation_register
        from profiles.personal_data import personal_data_register

        from .selectors import (
            UNREAD_COUNT_ANNOTATION,
            notification_preferences_export,
            notifications_export,
            unread_count_of_user_row,
        )
        from .services import notifications_erase_for
        from .subjects import register_own_subjects

        register_own_subjects()
        signed_in_annotation_register(UNREAD_COUNT_ANNOTATION, unread_count_of_user_row)
        personal_data_register("notifications", export=notifications_export, erase=notifications_erase_for)
        personal_data_register("notification_preferences", export=notification_preferences_export)
