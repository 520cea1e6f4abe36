"""Keyset ("cursor") pagination over whatever ordering a selector gives its queryset."""

import base64
import binascii
import json
import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param


@dataclass(frozen=True)
class _Key:
    alias: str
    descending: bool
    nulls_last: bool


def _keys_of(queryset: QuerySet) -> tuple[list[_Key], dict[str, Any]]:
    """The queryset's ordering as aliased sort keys, ending with the primary key so each row has one place."""
    keys, annotations = [], {}
    terms = list(queryset.query.order_by)
    if not any(str(term).lstrip("-") == "pk" for term in terms if isinstance(term, str)):
        terms.append("-pk")
    for index, term in enumerate(terms):
        if isinstance(term, str):
            descending = term.startswith("-")
            expression, nulls_last = F(term.lstrip("-")), not descending
        elif isinstance(term, OrderBy):
            descending = term.descending
            expression = term.expression
            nulls_last = bool(term.nulls_last) or (not descending and not term.nulls_first)
        else:
            raise TypeError(f"Cannot page by the ordering term {term!r}.")
        alias = f"cursor_key_{index}"
        annotations[alias] = expression
        keys.append(_Key(alias, descending, nulls_last))
    return keys, annotations


def _after(keys: list[_Key], values: list) -> Q:
    """Rows strictly after `values` in the keys' order: (k1 beyond v1) | (k1 = v1 & k2 beyond v2) | …"""
    condition, equal_so_far = Q(pk__in=[]), Q()
    for key, value in zip(keys, values, strict=True):
        if value is None:
            beyond = Q(pk__in=[]) if key.nulls_last else Q(**{f"{key.alias}__isnull": False})
            same = Q(**{f"{key.alias}__isnull": True})
        else:
            beyond = Q(**{f"{key.alias}__{'lt' if key.descending else 'gt'}": value})
            if key.nulls_last:
                beyond |= Q(**{f"{key.alias}__isnull": True})
            same = Q(**{key.alias: value})
        condition |= equal_so_far & beyond
        equal_so_far &= same
    return condition


def _is_key_value(value) -> bool:
    """Whether a row could have this sort key: JSON also reads Infinity, NaN, numbers no column holds and NUL
    characters, which would fail in the database instead of being refused."""
    if value is None:
        return True
    if isinstance(value, str):
        return "\x00" not in value
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return -(2**63) <= value < 2**63
    return isinstance(value, float) and math.isfinite(value)


def _jsonable(value):
    return value.isoformat() if isinstance(value, (date, datetime)) else value


class KeysetCursorPagination(BasePagination):
    """Forward cursor pagination on the selector's own ordering, by keyset: a page is one query of
    `page_size + 1` rows after the last row of the previous page; no COUNT(*), no OFFSET.

    The cursor is opaque (base64 of the last row's sort keys)."""

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    page_size = 20
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self._page_size(request)
        keys, annotations = _keys_of(queryset)
        rows = queryset.annotate(**annotations).order_by(
            *[
                OrderBy(
                    F(key.alias),
                    descending=key.descending,
                    nulls_last=key.nulls_last or None,
                    nulls_first=not key.nulls_last or None,
                )
                for key in keys
            ]
        )
        cursor = self._decode(request.query_params.get(self.cursor_query_param), len(keys))
        if cursor is not None:
            try:
                rows = rows.filter(_after(keys, cursor))
            except (ValueError, TypeError, DjangoValidationError):  # values of the wrong type for their keys
                raise self._invalid_cursor() from None
        page = list(rows[: size + 1])
        self.has_next = len(page) > size
        page = page[:size]
        self.next_values = [_jsonable(getattr(page[-1], key.alias)) for key in keys] if self.has_next else None
        return page

    def _page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            raise exceptions.ValidationError({self.page_size_query_param: [_("Give a whole number.")]}) from None
        if not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError(
                {self.page_size_query_param: [_("Give a number from 1 to %(max)s.") % {"max": self.max_page_size}]}
            )
        return size

    def _decode(self, raw: str | None, length: int) -> list | None:
        if raw is None:
            return None
        try:
            values = json.loads(base64.urlsafe_b64decode(raw.encode() + b"=" * (-len(raw) % 4)))
        except (ValueError, binascii.Error, UnicodeError):
            values = None
        if not isinstance(values, list) or len(values) != length or not all(map(_is_key_value, values)):
            raise self._invalid_cursor()
        return values

    def _invalid_cursor(self) -> exceptions.ValidationError:
        return exceptions.ValidationError({self.cursor_query_param: [_("This cursor is not valid.")]})

    def _encode(self, values: list) -> str:
        return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, self._encode(self.next_values))

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri", "description": "The next page, or null."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "in": "query",
                "required": False,
                "description": "The `next` link's cursor.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "description": f"Rows per page, 1 to {self.max_page_size} (default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
