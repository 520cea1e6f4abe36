"""Forms of the match pages: they check the shape of what was typed; the services decide what is allowed."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from needs.models import Urgency

from ..models import DismissReason, MatchState
from ..selectors.queue import AGE_CHOICES, CURATOR_CHOICES, SCORE_BANDS, QueueFilters

QUEUE_STATES = [
    (MatchState.SUGGESTED, MatchState.SUGGESTED.label),
    (MatchState.SHORTLISTED, MatchState.SHORTLISTED.label),
]


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    curator = forms.ChoiceField(
        label=_("Curated by"), required=False, choices=[("", _("Everyone"))] + list(CURATOR_CHOICES.items())
    )
    area = forms.TypedChoiceField(label=_("Capability area"), required=False, coerce=int, empty_value=None)
    urgency = forms.ChoiceField(label=_("Urgency"), required=False, choices=[("", _("Any"))] + Urgency.choices)
    # Set by an address (a row's startup links to its own), shown as a removable chip: a menu of every request
    # and startup would list thousands.
    request = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    startup = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    score = forms.ChoiceField(
        label=_("Score"), required=False, choices=[("", _("Any"))] + [(k, v[2]) for k, v in SCORE_BANDS.items()]
    )
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("Any"))] + QUEUE_STATES)
    age = forms.ChoiceField(
        label=_("Age"), required=False, choices=[("", _("Any"))] + [(k, v[2]) for k, v in AGE_CHOICES.items()]
    )

    def __init__(self, data, *, areas):
        super().__init__(data)
        self.fields["area"].choices = [("", _("Any"))] + [
            (node.area.pk, "· " * node.depth + node.area.name) for node in areas
        ]

    def filters(self) -> QueueFilters:
        """The filters as given; one that does not parse is left out, the others still apply."""
        if not self.is_bound:
            return QueueFilters()
        self.is_valid()
        data = self.cleaned_data
        return QueueFilters(
            area_id=data.get("area"),
            urgency=data.get("urgency") or "",
            request_id=data.get("request"),
            startup_id=data.get("startup"),
            score_band=data.get("score") or "",
            state=data.get("state") or "",
            age=data.get("age") or "",
            query=data.get("q") or "",
            curator=data.get("curator") or "",
        )


class CuratorForm(forms.Form):
    """Who curates a request: one of the office's staff, or nobody."""

    curator = forms.TypedChoiceField(label=_("Curator"), required=False, coerce=int, empty_value=None)

    def __init__(self, data, *, staff):
        super().__init__(data)
        self.fields["curator"].choices = [("", _("Nobody"))] + [(user.pk, user.display_name) for user in staff]


class BulkForm(forms.Form):
    action = forms.ChoiceField(choices=[("shortlist", _("Shortlist")), ("dismiss", _("Dismiss"))])
    match_ids = forms.TypedMultipleChoiceField(
        coerce=int, choices=[], error_messages={"required": _("Tick at least one match.")}
    )
    reason = forms.ChoiceField(
        label=_("Reason for dismissing"), required=False, choices=[("", "—")] + DismissReason.choices
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)

    def __init__(self, data, *, match_ids):
        super().__init__(data)
        self.fields["match_ids"].choices = [(pk, pk) for pk in match_ids]

    def clean(self):
        data = super().clean()
        if data.get("action") == "dismiss" and not data.get("reason"):
            self.add_error("reason", _("Choose why the matches are dismissed."))
        return data


class DismissForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "—")] + DismissReason.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ProposeForm(forms.Form):
    summary_for_startup = forms.CharField(
        label=_("Summary for the startup"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_(
            "The startup reads this. Never name the requesting organisation, its people or its budget, and do not "
            "reveal anything the request's visibility hides."
        ),
    )
    summary_for_officer = forms.CharField(
        label=_("Summary for the officer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("The officer reads this: what the offer does for their request, and why the office recommends it."),
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Internal note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        help_text=_("Only office staff see internal notes."),
    )


class MessageForm(forms.Form):
    """An optional message with an answer or a step (accept, decline, pilot, contract, close)."""

    message = forms.CharField(
        label=_("Message (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


# How many of a party's records (an officer's open requests, a startup's published offers) a pull form lists
# at once; a search finds the others.
PICKER_SIZE = 20


def _listed(form: forms.Form, field: str, records: QuerySet, data) -> None:
    """Lists the first PICKER_SIZE of `records` in `field` (`has_more` says there are others); a sent form
    looks up only the one it names. Only their numbers and titles are read: the rest of a row is long texts."""
    records = records.select_related(None).prefetch_related(None).only("pk", "title")
    if data is not None:
        named = str(data.get(field, ""))
        records = records.filter(pk=int(named)) if named.isascii() and named.isdigit() else records.none()
    listed = list(records[: PICKER_SIZE + 1])
    form.has_more = len(listed) > PICKER_SIZE
    form.listed = listed[:PICKER_SIZE]
    form.fields[field].choices = [(record.pk, record.title) for record in form.listed]


class InterestForm(forms.Form):
    offer = forms.TypedChoiceField(
        label=_("Your offer"), coerce=int, error_messages={"required": _("Choose the offer that answers this request.")}
    )
    pitch = forms.CharField(
        label=_("Why your offer answers this request"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("A few sentences for the office; it decides whether to introduce you."),
    )

    def __init__(self, data=None, *, offers: QuerySet):
        """`offers`: the published offers the startup may name, in the order to list them."""
        super().__init__(data)
        _listed(self, "offer", offers, data)
        # No offer is chosen for the startup: it picks the one that answers the request.
        self.fields["offer"].choices = [("", _("Choose one of your offers")), *self.fields["offer"].choices]


class IntroductionForm(forms.Form):
    capability_request = forms.TypedChoiceField(label=_("Your request"), coerce=int)
    note = forms.CharField(
        label=_("Why this offer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("A few words for the office; the startup does not see them."),
    )

    def __init__(self, data=None, *, requests: QuerySet):
        """`requests`: the open requests the officer may name, in the order to list them. A unit may have
        hundreds: the page lists the first PICKER_SIZE (`has_more` says there are others, found by searching),
        and a sent form looks up only the one it names."""
        super().__init__(data)
        _listed(self, "capability_request", requests, data)
