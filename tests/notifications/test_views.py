"""What users see: the bell, the list, marking read, the preferences page; nobody sees another's."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import EmailFrequency, Notification
from notifications.selectors import email_frequency_of
from tests.conftest import login
from tests.notifications.conftest import VETTED, notify

pytestmark = pytest.mark.django_db


def test_the_bell_shows_the_unread_count_on_every_page_with_one_query(client, startup_a_admin):
    # given
    for _ in range(3):
        notify(startup_a_admin)
    Notification.objects.filter(pk=notify(startup_a_admin).pk).update(read_at="2026-01-01T00:00:00Z")
    login(client, startup_a_admin)

    # when
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("profiles:home")).content.decode()

    # then
    assert '<span class="bell-count" data-testid="unread-count"><span aria-hidden="true">3</span>' in page
    assert sum("notifications_notification" in query["sql"] for query in queries.captured_queries) == 1


def test_no_count_is_shown_when_everything_is_read(client, startup_a_admin):
    login(client, startup_a_admin)
    page = client.get(reverse("profiles:home")).content.decode()
    assert 'id="notification-bell"' in page
    assert "bell-count" not in page


def test_the_list_shows_newest_first_unread_highlighted_in_pages(
    client, startup_a_admin, django_assert_max_num_queries
):
    # given
    first = notify(startup_a_admin, context={"organisation": "Oldest Org", "state_label": "Vetted"})
    for _ in range(24):
        notify(startup_a_admin)
    newest = notify(startup_a_admin, context={"organisation": "Newest Org", "state_label": "Suspended"})
    Notification.objects.filter(pk=first.pk).update(read_at="2026-01-01T00:00:00Z")
    login(client, startup_a_admin)

    # when
    with django_assert_max_num_queries(12):
        page_one = client.get(reverse("notifications:list")).content.decode()
    page_two = client.get(reverse("notifications:list") + "?page=2").content.decode()

    # then
    first_item = page_one.split('<li class="notification', 1)[1]
    assert first_item.startswith(f' unread" id="notification-{newest.pk}"') and "Newest Org: Suspended" in first_item
    assert page_one.count('<li class="notification unread"') == 20 and "Oldest Org" not in page_one
    assert f'<li class="notification" id="notification-{first.pk}">' in page_two


def test_the_empty_list_says_so(client, startup_b_admin):
    login(client, startup_b_admin)
    assert "No notifications yet." in client.get(reverse("notifications:list")).content.decode()


def test_mark_one_read_without_javascript(client, startup_a_admin):
    # given
    notification, other = notify(startup_a_admin), notify(startup_a_admin)
    login(client, startup_a_admin)

    # when
    response = client.post(reverse("notifications:mark_read", args=[notification.pk]))

    # then
    assert response.status_code == 302 and response.url == reverse("notifications:list")
    notification.refresh_from_db()
    other.refresh_from_db()
    assert notification.read_at is not None and other.read_at is None


def test_mark_one_read_with_htmx_swaps_the_item_and_the_bell(client, startup_a_admin):
    # given
    notification, _ = notify(startup_a_admin), notify(startup_a_admin)
    login(client, startup_a_admin)

    # when
    response = client.post(reverse("notifications:mark_read", args=[notification.pk]), headers={"HX-Request": "true"})

    # then
    body = response.content.decode()
    assert f'<li class="notification" id="notification-{notification.pk}">' in body
    assert 'hx-swap-oob="true"' in body and '<span aria-hidden="true">1</span>' in body


def test_mark_all_read(client, startup_a_admin):
    for _ in range(3):
        notify(startup_a_admin)
    login(client, startup_a_admin)

    client.post(reverse("notifications:mark_all_read"))

    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert "bell-count" not in client.get(reverse("notifications:list")).content.decode()


def test_another_users_notification_is_not_found_and_stays_unread(client, startup_a_admin, startup_b_admin, staff):
    # given
    theirs = notify(startup_b_admin, context={"organisation": "Bravo secret", "state_label": "Vetted"})
    for user in (startup_a_admin, staff):
        login(client, user)

        # when
        response = client.post(reverse("notifications:mark_read", args=[theirs.pk]))
        listing = client.get(reverse("notifications:list")).content.decode()

        # then
        assert response.status_code == 404
        assert "Bravo secret" not in listing
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_preferences_page_saves_the_choice(client, startup_a_admin):
    # given
    login(client, startup_a_admin)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert 'value="immediately"' in page and "checked" in page.split('value="immediately"')[1].split(">")[0]

    # when
    response = client.post(reverse("notifications:preferences"), {"email_frequency": "daily"})
    refused = client.post(reverse("notifications:preferences"), {"email_frequency": "hourly"})

    # then
    assert response.status_code == 302
    assert refused.status_code == 200
    assert email_frequency_of(startup_a_admin) == EmailFrequency.DAILY


def test_a_notice_shows_markup_in_its_text_as_text_and_its_form_marks_it_read_with_the_pages_token(startup_a_admin):
    from django.test import Client

    context = {**VETTED, "organisation": 'Alpha <script>alert("x")</script> & Co'}
    notification = notify(startup_a_admin, context=context)
    client = Client(enforce_csrf_checks=True)
    login(client, startup_a_admin)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "<script>" not in page and "Alpha &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in page
    token = re.search(
        rf'action="{reverse("notifications:mark_read", args=[notification.pk])}".*?name="csrfmiddlewaretoken" '
        r'value="([^"]+)"',
        page,
        re.S,
    ).group(1)
    client.post(reverse("notifications:mark_read", args=[notification.pk]), {"csrfmiddlewaretoken": token})
    notification.refresh_from_db()
    assert notification.read_at is not None
