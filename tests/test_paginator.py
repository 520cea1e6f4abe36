"""A list page's rows and total in one query, and the same pages as Django's own paginator gives."""

import pytest
from django.core.paginator import Paginator

from innovation_office.paginator import CountedPaginator
from profiles.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations():
    OrganisationFactory.create_batch(7)
    return Organisation.objects.order_by("pk")


@pytest.mark.parametrize("number", [1, 2, 3, "9", "x", None, -1])
def test_every_page_is_the_one_djangos_paginator_gives(organisations, number):
    ours = CountedPaginator(organisations, 3).get_page(number)
    theirs = Paginator(organisations, 3).get_page(number)
    assert (ours.number, list(ours.object_list), ours.paginator.count, ours.paginator.num_pages) == (
        theirs.number,
        list(theirs.object_list),
        theirs.paginator.count,
        theirs.paginator.num_pages,
    )


def test_a_page_and_its_total_cost_one_query(organisations, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = CountedPaginator(organisations, 3).get_page(2)
        assert (len(page), page.paginator.count, page.has_next()) == (3, 7, True)


def test_an_empty_list_is_one_empty_page_from_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        page = CountedPaginator(Organisation.objects.order_by("pk"), 3).get_page(1)
        assert (list(page), page.paginator.count, page.paginator.num_pages) == ([], 0, 1)


def test_distinct_rows_are_counted_after_the_duplicates_are_gone(organisations):
    doubled = Organisation.objects.filter(pk__in=organisations.values("pk")).order_by("pk").distinct()
    assert CountedPaginator(doubled, 3).get_page(3).paginator.count == 7
