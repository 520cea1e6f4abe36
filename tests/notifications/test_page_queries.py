"""What the notification pages cost: the same few queries whatever the number of notifications."""

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.notifications.conftest import notify

pytestmark = pytest.mark.django_db


def test_the_notifications(pinned, client, startup_a_admin):
    login(client, startup_a_admin)
    pinned(client, reverse("notifications:list"), lambda count: [notify(startup_a_admin) for _ in range(count)])


def test_the_preferences(pinned, client, startup_a_admin):
    login(client, startup_a_admin)
    url = reverse("notifications:preferences")
    pinned(client, url, lambda count: [notify(startup_a_admin) for _ in range(count)])
