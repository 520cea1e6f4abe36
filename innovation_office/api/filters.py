"""Query-string filters: parsed and documented by django-filter, applied by the apps' selectors."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions


class SelectorFilterBackend(DjangoFilterBackend):
    """django-filter parses, validates and documents the query string; the selector applies it.

    The pages and the API hand the same filter values to the same selector, so a filter's meaning is
    written once (in the selector). A view builds its queryset with `parsed_filters(request)`."""

    def filter_queryset(self, request, queryset, view):
        return queryset


def parsed_filters(view, request):
    """The view's FilterSet bound to the query string, validated (400 with the fields on nonsense)."""
    filterset = view.filterset_class(request.query_params, request=request)
    if not filterset.is_valid():
        raise exceptions.ValidationError({name: list(errors) for name, errors in filterset.errors.items()})
    return filterset
