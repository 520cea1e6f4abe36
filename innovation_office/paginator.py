"""The pages of a list, with the total read in the same query as the page's rows."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Subquery, Value, Window


class CountedPaginator(Paginator):
    """Django's Paginator, but the total comes with the rows: a list page costs one query, not a count and
    then the rows. Django's own way, a count first, is kept for a page out of range (an old link, which
    shows the last page), for distinct rows (the total must be counted after the duplicates go), for rows filtered
    on a window and for orphans."""

    def get_page(self, number) -> Page:
        if not isinstance(self.object_list, QuerySet) or self.object_list.query.distinct or self.orphans:
            return super().get_page(number)
        if self.object_list.query.where.contains_over_clause:
            return super().get_page(number)  # filtered on a window: neither way counts it as Django does
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        if number < 1:
            return super().get_page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list.annotate(rows_in_list=_total(self.object_list))[bottom : bottom + self.per_page])
        if rows:
            first = rows[0]
            # Rows are model instances, or dicts for a grouped list (`.values(...).annotate(...)`).
            self.count = first["rows_in_list"] if isinstance(first, dict) else first.rows_in_list
            return self._get_page(rows, number, self)
        if number == 1:
            self.count = 0
            return self._get_page(rows, number, self)
        return super().get_page(number)


def _total(rows: QuerySet):
    """The number of rows, as an expression of the rows' query. For a plain list, a scalar subquery with the
    list's filters: PostgreSQL counts it once, from an index where one covers them, and reads only the page's
    rows in full (a window would read and compute every row of the list: 2.9 ms instead of 0.4 for 814
    notifications). A grouped list (rows of `.values(...).annotate(...)`) is counted by a window over its
    groups, which the page's query forms anyway."""
    if rows.query.group_by is not None or any(value.contains_aggregate for value in rows.query.annotations.values()):
        return Window(Count("*"))
    # `values` of a constant groups by nothing: one row, its count (0 for an empty list).
    counted = rows.order_by().annotate(_counted_as_one=Value(1)).values("_counted_as_one")
    return Subquery(counted.annotate(_rows_in_list=Count("*")).values("_rows_in_list"))
