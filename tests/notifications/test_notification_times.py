"""A notice's time is drawn as Django's date filter draws it, in either language and on either side of a change
of the clocks."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.utils.translation import override

ours = Template("{% load notification_times %}{{ when|iso_time }} {{ when|day_and_time }}")
djangos = Template("""{{ when|date:"c" }} {{ when|date:"j E Y, H:i" }}""")
MOMENTS = [
    datetime(2026, month, day, hour, 5, tzinfo=UTC) for month in range(1, 13) for day, hour in ((1, 0), (28, 23))
]
MOMENTS += [datetime(2026, 3, 29, 0, 59, tzinfo=UTC), datetime(2026, 3, 29, 1, 0, tzinfo=UTC)]  # Kyiv's clocks move


@pytest.mark.parametrize("language", ["en", "uk"])
def test_a_notices_time_reads_as_the_date_filter_draws_it(language):
    with override(language):
        for when in MOMENTS:
            assert ours.render(Context({"when": when})) == djangos.render(Context({"when": when})), when


def test_a_ukrainian_reader_sees_the_month_as_a_date_names_it():
    with override("uk"):
        assert "7 грудня 2026, " in ours.render(Context({"when": datetime(2026, 12, 7, 12, tzinfo=UTC)}))
