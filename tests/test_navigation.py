"""The header every page shows: its menu is rendered once per roles and language and kept, and each reader
still sees the menu of their own roles, as they are now, with their own unread count."""

import pytest
from django.test import Client
from django.urls import reverse

from profiles.models import MembershipRole, Organisation
from tests.conftest import login
from tests.factories import member_of
from tests.notifications.conftest import notify

pytestmark = pytest.mark.django_db


def _header(user, language: str = "en") -> str:
    client = login(Client(), user)
    client.cookies["django_language"] = language
    page = client.get(reverse("notifications:list")).content.decode()
    return page[page.index("<header") : page.index("</header>")]


def test_readers_of_other_roles_one_after_the_other_each_see_their_own_menu(staff, startup_a_admin, officer_a, unit_a):
    # given: each renders the header in turn, the same language, in the same process
    staff_header, startup_header, officer_header = (_header(user) for user in (staff, startup_a_admin, officer_a))
    member_header = _header(member_of(unit_a, role=MembershipRole.MEMBER, email="member.a@example.org"))

    # then
    assert "Audit" in staff_header and "Our offers" not in staff_header
    assert "Our offers" in startup_header and "Audit" not in startup_header and "Our requests" not in startup_header
    assert "Our requests" in officer_header and "Offer catalogue" in officer_header
    assert "Audit" not in officer_header and "Our offers" not in officer_header
    # only the administrator of an organisation manages its members
    assert "Members" in startup_header and "Members" in officer_header and "Members" not in member_header
    assert "Our requests" in member_header


def test_an_officer_whose_unit_is_suspended_no_longer_finds_the_catalogue_in_the_menu(officer_a, officer_b, unit_a):
    assert "Offer catalogue" in _header(officer_a)

    # when: the office suspends the officer's unit
    Organisation.objects.filter(pk=unit_a.pk).update(vetting_state="suspended")

    # then: the menu follows at once, and an officer of a unit still in good standing keeps the link
    assert "Offer catalogue" not in _header(officer_a)
    assert "Offer catalogue" in _header(officer_b)


def test_the_menu_is_in_the_reader_s_language(officer_a):
    assert "Offer catalogue" in _header(officer_a, "en")
    assert "Каталог пропозицій" in _header(officer_a, "uk")
    assert "Offer catalogue" in _header(officer_a, "en")


def test_each_reader_sees_their_own_unread_count_and_a_new_notice_at_once(startup_a_admin, startup_b_admin):
    notify(startup_a_admin)
    assert 'data-testid="unread-count"><span aria-hidden="true">1</span>' in _header(startup_a_admin)
    assert 'data-testid="unread-count"' not in _header(startup_b_admin)

    notify(startup_a_admin)
    assert 'data-testid="unread-count"><span aria-hidden="true">2</span>' in _header(startup_a_admin)


def test_a_visitor_who_is_not_signed_in_is_offered_to_log_in_after_a_signed_in_reader_s_page(client, officer_a):
    _header(officer_a)
    client.cookies["django_language"] = "en"
    header = client.get(reverse("landing")).content.decode()
    header = header[header.index("<header") : header.index("</header>")]
    assert "Log in" in header and "Log out" not in header and "Offer catalogue" not in header


def test_the_bell_tells_the_unread_count_in_the_reader_s_language(startup_a_admin):
    for _ in range(5):
        notify(startup_a_admin)

    assert "5 unread" in _header(startup_a_admin, "en")
    assert "5 непрочитаних" in _header(startup_a_admin, "uk")

    notify(startup_a_admin)
    assert "6 непрочитаних" in _header(startup_a_admin, "uk")
