"""When a notice was written, as its list shows it: what Django's date filter draws of "c" and "j E Y, H:i",
drawn without it. The filter formats a date piece by piece, each piece through a method, and twenty rows of
it were a fifth of the notifications' page."""

from datetime import datetime

from django import template
from django.utils.dates import MONTHS_ALT

register = template.Library()


@register.filter(expects_localtime=True)
def iso_time(value: datetime) -> str:
    """As date:"c"."""
    return value.isoformat()


@register.filter(expects_localtime=True)
def day_and_time(value: datetime) -> str:
    """As date:"j E Y, H:i": the day, the month as a date names it (the genitive in Ukrainian), the year and
    the time."""
    return f"{value.day} {MONTHS_ALT[value.month]} {value.year}, {value:%H:%M}"
