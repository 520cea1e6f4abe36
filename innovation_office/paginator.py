"""The pages of a list, with the total read in the same query as the page's rows."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window


class CountedPaginator(Paginator):
    """Django's Paginator, but the total comes with the rows (COUNT(*) OVER ()): a list page costs one
    query, not a count and then the rows. Django's own way, a count first, is kept for a page out of
    range (an old link, which shows the last page), for distinct rows (a window would count them before
    the duplicates go) and for orphans."""

    def get_page(self, number) -> Page:
        if not isinstance(self.object_list, QuerySet) or self.object_list.query.distinct or self.orphans:
            return super().get_page(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        if number < 1:
            return super().get_page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list.annotate(rows_in_list=Window(Count("*")))[bottom : bottom + self.per_page])
        if rows:
            first = rows[0]
            # Rows are model instances, or dicts for a grouped list (`.values(...).annotate(...)`).
            self.count = first["rows_in_list"] if isinstance(first, dict) else first.rows_in_list
            return self._get_page(rows, number, self)
        if number == 1:
            self.count = 0
            return self._get_page(rows, number, self)
        return super().get_page(number)
