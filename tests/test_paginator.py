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


def _pages(paginator_class, rows, per_page=3):
    return [
        (
            [
                {key: value for key, value in row.items() if key != "rows_in_list"} if isinstance(row, dict) else row
                for row in page
            ],
            page.paginator.count,
            page.paginator.num_pages,
        )
        for page in (paginator_class(rows, per_page).get_page(number) for number in (1, 2, 3))
    ]


def test_a_list_filtered_on_an_annotation_is_counted_as_django_counts_it(organisations):
    from django.db.models.functions import Length

    rows = Organisation.objects.annotate(name_length=Length("legal_name")).filter(name_length__gt=0).order_by("pk")
    assert _pages(CountedPaginator, rows) == _pages(Paginator, rows)
    assert CountedPaginator(rows, 3).get_page(1).paginator.count == 7


def test_a_grouped_list_counts_its_groups_not_its_rows(organisations):
    from django.db.models import Count

    organisations.filter(pk__in=list(organisations.values_list("pk", flat=True)[:4])).update(country="PL")
    groups = Organisation.objects.values("country").annotate(members=Count("pk")).order_by("country")
    assert _pages(CountedPaginator, groups, per_page=1) == _pages(Paginator, groups, per_page=1)


def test_a_list_filtered_on_a_window_is_counted_as_django_counts_it(organisations):
    from django.db.models import F, Window
    from django.db.models.functions import RowNumber

    organisations.filter(pk__in=list(organisations.values_list("pk", flat=True)[:4])).update(country="PL")
    first_two = Window(RowNumber(), partition_by=[F("country")], order_by=F("pk").asc())
    rows = Organisation.objects.annotate(rank=first_two).filter(rank__lte=2).order_by("pk")
    assert _pages(CountedPaginator, rows) == _pages(Paginator, rows)
    assert CountedPaginator(rows, 3).get_page(1).paginator.count == 4
