"""Work the offers app queues for itself: telling officers of new offers that answer their saved searches."""

from celery import shared_task

from innovation_office import tasks as registry

from .saved_searches import saved_searches_alert


@shared_task(name=registry.ALERT_SAVED_SEARCHES)
def alert_saved_searches_task(offer_id: int) -> int:
    return saved_searches_alert(offer_id=offer_id)
