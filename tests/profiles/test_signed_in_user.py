"""The query that loads the signed-in user on every page is built and compiled once per process and run for
each user: every page still reads the user, their organisation and their counts afresh."""

import threading

import pytest
from django.db import connections
from django.db.models import Value

from profiles import backends
from profiles.backends import signed_in_annotation_register, signed_in_user, signed_in_users
from profiles.models import Organisation
from tests.factories import UserFactory


def test_the_kept_query_is_never_evaluated_so_a_second_reading_sees_new_users(db):
    first = UserFactory()
    assert [user.pk for user in signed_in_users()] == [first.pk]
    second = UserFactory()
    assert sorted(user.pk for user in signed_in_users()) == sorted([first.pk, second.pk])


def test_each_reading_of_a_user_sees_the_organisation_as_it_is_now(startup_a, startup_a_admin):
    assert signed_in_user(startup_a_admin.pk).primary_membership.organisation.vetting_state == "vetted"
    Organisation.objects.filter(pk=startup_a.pk).update(vetting_state="suspended")
    assert signed_in_user(startup_a_admin.pk).primary_membership.organisation.vetting_state == "suspended"


def test_an_annotation_registered_after_the_first_reading_is_read_too(db, monkeypatch):
    user = UserFactory()
    signed_in_user(user.pk)
    monkeypatch.setattr(backends, "_ANNOTATIONS", dict(backends._ANNOTATIONS))
    signed_in_annotation_register("answer_of_the_test", lambda: Value(42))
    try:
        assert signed_in_user(user.pk).answer_of_the_test == 42
    finally:
        backends.signed_in_query_forget()  # the next test builds the query without the test's annotation


def test_the_statement_compiled_once_reads_each_user_their_own_organisation(
    startup_a, startup_a_admin, unit_a, officer_a
):
    assert signed_in_user(startup_a_admin.pk).organisation == startup_a
    assert signed_in_user(officer_a.pk).organisation == unit_a
    # a session keeps the user's id as text
    assert signed_in_user(str(startup_a_admin.pk)).email == startup_a_admin.email
    assert signed_in_user(-1) is None


@pytest.mark.django_db(transaction=True)
def test_a_thread_reads_the_user_on_its_own_connection_with_the_statement_another_compiled():
    user = UserFactory()
    signed_in_user(user.pk)
    read = []

    def page_on_another_thread():
        try:
            read.append(signed_in_user(user.pk))
        finally:
            connections.close_all()

    thread = threading.Thread(target=page_on_another_thread)
    thread.start()
    thread.join()

    assert read[0].pk == user.pk
