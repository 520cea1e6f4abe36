"""Forms of the work after the introduction: a message, a meeting, the pilot plan, the export licence, a
trial slot and the trial report. They check the shape of what was typed; the services decide what is allowed."""

import zoneinfo
from datetime import UTC, datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from profiles.countries import COUNTRIES, KYIV, TIME_ZONES

from ..models import CriterionOutcome, LicenceStatus, ShippingPaidBy

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
WALL_CLOCK_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class WallClockField(forms.DateTimeField):
    """A date and time as the clock on the wall shows it, with no time zone: the form says which zone it is in
    (Django would otherwise read it in the site's zone, where it may not exist or be ambiguous)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        for format in WALL_CLOCK_FORMATS:
            try:
                return datetime.strptime(str(value).strip(), format)
            except ValueError:
                continue
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


FILE_TYPES = "application/pdf,image/png,image/jpeg,image/webp"
IMAGE_TYPES = "image/png,image/jpeg,image/webp"
CRITERIA_FIELDS = 5


def zone_choices() -> list[tuple[str, str]]:
    """Kyiv first, then each country's zone once, named by its countries."""
    names: dict[str, list[str]] = {}
    for code, name in COUNTRIES:
        names.setdefault(TIME_ZONES[code], []).append(str(name))
    return [(KYIV, _("Kyiv")), *((zone, " / ".join(names[zone])) for zone in names if zone != KYIV)]


class ConversationForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    attachment = forms.FileField(
        label=_("Attach a file (optional)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": FILE_TYPES}),
        help_text=_("A PDF, or a PNG, JPEG or WebP image; images are sent without their metadata."),
    )

    def clean(self):
        data = super().clean()
        if not (data.get("body") or "").strip() and not data.get("attachment") and not self.errors:
            self.add_error("body", _("Write a message or attach a file."))
        return data


def _exists(wall: datetime, zone: zoneinfo.ZoneInfo) -> bool:
    """Whether the clock in `zone` shows `wall` at all: a time the clocks skip reads back as another one."""
    return wall.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall


class MeetingTimesForm(forms.Form):
    """Two or three times in one time zone (the proposer's), read as wall-clock times there."""

    time_zone = forms.ChoiceField(label=_("Time zone of these times"), choices=zone_choices)
    time_1 = WallClockField(label=_("First time"), widget=DATETIME)
    time_2 = WallClockField(label=_("Second time"), widget=DATETIME)
    time_3 = WallClockField(label=_("Third time (optional)"), required=False, widget=DATETIME)

    def clean(self):
        data = super().clean()
        if not data.get("time_zone"):
            return data
        zone = zoneinfo.ZoneInfo(data["time_zone"])
        for name in ("time_1", "time_2", "time_3"):
            wall = data.get(name)
            # A time the clocks skip when they go forward reads back as another one.
            if (
                wall is not None
                and wall.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall
            ):
                self.add_error(name, _("This time does not exist in that time zone: the clocks change then."))
        return data

    def times(self) -> list:
        """The times in the chosen zone (the earlier of a time the clocks pass twice)."""
        zone = zoneinfo.ZoneInfo(self.cleaned_data["time_zone"])
        chosen = [self.cleaned_data.get(f"time_{number}") for number in (1, 2, 3)]
        return [time.replace(tzinfo=zone) for time in chosen if time is not None]


class MeetingForm(MeetingTimesForm):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    duration_minutes = forms.TypedChoiceField(
        label=_("Duration"),
        coerce=int,
        initial=60,
        choices=[(30, _("30 minutes")), (60, _("1 hour")), (90, _("1½ hours")), (120, _("2 hours"))],
    )
    field_order = ["topic", "duration_minutes", "time_zone", "time_1", "time_2", "time_3"]

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "topic": data["topic"],
            "duration_minutes": data["duration_minutes"],
            "time_zone": data["time_zone"],
            "times": self.times(),
        }


class PlanConfirmForm(forms.Form):
    """The plan's version the reader saw, so that a plan changed meanwhile is not confirmed unread."""

    version = forms.CharField(max_length=64, required=False)

    def arguments(self) -> dict:
        return {"version": self.cleaned_data["version"] or None}


class MeetingPickForm(forms.Form):
    slot = forms.IntegerField(min_value=1, error_messages={"required": _("Pick one of the proposed times.")})

    def arguments(self) -> dict:
        return {"slot_id": self.cleaned_data["slot"]}


class MeetingCancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class MeetingMoveForm(MeetingTimesForm):
    """Moving a meeting: why, and the new times to pick from."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
    field_order = ["reason", "time_zone", "time_1", "time_2", "time_3"]

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {"reason": data["reason"], "time_zone": data["time_zone"], "times": self.times()}


class PilotPlanForm(forms.Form):
    location = forms.CharField(
        label=_("Where"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text=_(
            "A test range or a unit, described only as far as the request's visibility allows: the startup reads it."
        ),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    quantity = forms.IntegerField(label=_("Items to test"), min_value=1, max_value=100000)
    shipping_paid_by = forms.ChoiceField(label=_("Shipping paid by"), choices=ShippingPaidBy.choices)

    def __init__(self, data=None, files=None, **kwargs):
        super().__init__(data, files, **kwargs)
        for number in range(1, CRITERIA_FIELDS + 1):
            self.fields[f"criterion_{number}"] = forms.CharField(
                label=_("Success criterion %(number)s") % {"number": number},
                required=False,
                max_length=300,
                help_text=_("Measurable, e.g. “holds the video link under the brigade's EW for 10 sorties”.")
                if number == 1
                else "",
            )

    def criterion_fields(self):
        return [self[f"criterion_{number}"] for number in range(1, CRITERIA_FIELDS + 1)]

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The pilot ends on or after the day it starts."))
        if not any((data.get(f"criterion_{number}") or "").strip() for number in range(1, CRITERIA_FIELDS + 1)):
            self.add_error("criterion_1", _("Give at least one measurable success criterion."))
        return data

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "location": data["location"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "quantity": data["quantity"],
            "shipping_paid_by": data["shipping_paid_by"],
            "criteria": [data.get(f"criterion_{number}") or "" for number in range(1, CRITERIA_FIELDS + 1)],
        }


class LicenceForm(forms.Form):
    status = forms.ChoiceField(label=_("The licence is"), choices=LicenceStatus.choices, widget=forms.RadioSelect)
    number = forms.CharField(label=_("Licence or application number"), max_length=100)
    issuing_authority = forms.CharField(
        label=_("Issuing authority"), max_length=200, help_text=_("E.g. BAFA (Germany), the licensing office")
    )
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=DATE, help_text=_("Required for a licence held.")
    )
    document = forms.FileField(
        label=_("The licence (PDF, optional)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("status") == LicenceStatus.HELD
            and not data.get("valid_until")
            and "valid_until" not in self.errors
        ):
            self.add_error("valid_until", _("Give the date the licence is valid until."))
        return data


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the pilot may start without a licence"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("Recorded on the match's timeline, which both parties read."),
    )


class SlotBookingForm(forms.Form):
    slot = forms.TypedChoiceField(label=_("Field-trial slot"), coerce=int)

    def __init__(self, data=None, *, slots, **kwargs):
        """`slots`: the slots the pilot may take, the best fitting first (at most 50 are offered)."""
        super().__init__(data, **kwargs)
        self.slots = list(slots[:50])
        self.fields["slot"].choices = [
            (slot.pk, f"{slot.place} · {slot.starts_on:%Y-%m-%d} – {slot.ends_on:%Y-%m-%d}") for slot in self.slots
        ]

    def arguments(self) -> dict:
        return {"slot": next(slot for slot in self.slots if slot.pk == self.cleaned_data["slot"])}


class TrialSlotForm(forms.Form):
    place = forms.CharField(label=_("Test range or unit"), max_length=200)
    description = forms.CharField(
        label=_("What it can test"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("Until"), widget=DATE)
    capacity = forms.IntegerField(label=_("Products at once"), min_value=1, max_value=100, initial=2)
    areas = forms.TypedMultipleChoiceField(label=_("Capability areas"), required=False, coerce=int)

    def __init__(self, data=None, *, areas, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["areas"].choices = [(node.area.pk, "· " * node.depth + node.area.name) for node in areas]

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The slot ends on or after the day it starts."))
        return data


class TrialReportForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Overall, how did it perform in the field?"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[(1, _("1 – poor")), (2, "2"), (3, "3"), (4, "4"), (5, _("5 – excellent"))],
    )
    what_worked = forms.CharField(label=_("What worked"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    what_failed = forms.CharField(
        label=_("What failed"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    would_order_more = forms.TypedChoiceField(
        label=_("Would you order more?"),
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        choices=[("yes", _("Yes")), ("no", _("No"))],
    )

    def __init__(self, data=None, files=None, *, criteria=(), **kwargs):
        """One outcome, note and optional photo per success criterion of the plan."""
        super().__init__(data, files, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"outcome_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.text, choices=CriterionOutcome.choices, widget=forms.RadioSelect
            )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"photo_{criterion.pk}"] = forms.FileField(
                label=_("Photo (optional)"),
                required=False,
                widget=forms.FileInput(attrs={"accept": IMAGE_TYPES}),
            )

    def criterion_rows(self):
        return [
            (criterion, self[f"outcome_{criterion.pk}"], self[f"note_{criterion.pk}"], self[f"photo_{criterion.pk}"])
            for criterion in self.criteria
        ]

    def arguments(self) -> dict:
        data = self.cleaned_data
        results = {
            criterion.pk: {
                "outcome": data.get(f"outcome_{criterion.pk}"),
                "note": data.get(f"note_{criterion.pk}") or "",
                "photo": data.get(f"photo_{criterion.pk}"),
            }
            for criterion in self.criteria
        }
        return {
            "rating": data["rating"],
            "what_worked": data["what_worked"],
            "what_failed": data["what_failed"],
            "would_order_more": data["would_order_more"],
            "results": results,
        }
