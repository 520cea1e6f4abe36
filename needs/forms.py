"""Forms for capability requests: they parse what was typed; the services decide what is allowed, and the
request form asks them on what parsed, so that every error of a submission shows at once."""

from django import forms
from django.utils.translation import gettext_lazy as _

from innovation_office.forms import DB_INT_MAX
from offers.models import trl_choices, trl_filter_choices
from profiles.models import Language, Organisation
from taxonomy.models import CapabilityArea
from taxonomy.selectors import AreaOption, area_choices, area_options

from .models import CapabilityRequest, OperatingCondition, RequestState, Urgency, Visibility
from .selectors import Ordering, StartupFilters
from .services import RequestFields, request_field_errors

URGENCY_HELP = {
    Urgency.ROUTINE: _("planned procurement, months ahead"),
    Urgency.PRIORITY: _("needed this season"),
    Urgency.CRITICAL: _("lives depend on it now"),
}
VISIBILITY_HELP = {
    Visibility.VETTED: _(
        "Every startup the office has vetted can read the request, without your organisation's name, "
        "your name or the budget: they see only “a Ukrainian defence unit” (or agency, or company)."
    ),
    Visibility.RESTRICTED: _(
        "No startup sees it. Only your organisation and the office's staff can read it; every time a staff "
        "member opens it, that is recorded. The office may pass a summary to a startup inside a proposal."
    ),
}


def urgency_choices() -> list[tuple[str, str]]:
    return [(value, f"{label} — {URGENCY_HELP[value]}") for value, label in Urgency.choices]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CapabilityRequestForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("One line a supplier will understand."))
    language = forms.ChoiceField(
        label=_("Language of the text"), choices=Language.choices, initial=Language.UK, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("Description of the problem"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        help_text=_("What must be solved, where, and what has been tried. In Ukrainian or English."),
    )
    title_en = forms.CharField(
        label=_("English title (optional)"),
        required=False,
        max_length=200,
        help_text=_("Shown to EU startups who read English, with your original one click away."),
    )
    summary_en = forms.CharField(
        label=_("English summary (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Helps EU startups who do not read Ukrainian."),
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Capability areas"),
        queryset=CapabilityArea.objects.all(),
        error_messages={
            "required": _("Pick at least one capability area."),
            "invalid_choice": _("One of the chosen areas does not exist."),
            "invalid_pk_value": _("One of the chosen areas does not exist."),
        },
    )
    conditions = forms.MultipleChoiceField(
        label=_("Operating conditions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=OperatingCondition.choices,
        error_messages={"invalid_choice": _("%(value)s is not one of the listed operating conditions.")},
    )
    conditions_note = forms.CharField(
        label=_("Other conditions"),
        required=False,
        max_length=300,
        help_text=_("Anything else about where and how it will be used."),
    )
    min_trl = forms.TypedChoiceField(
        label=_("Minimum technology readiness level"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a readiness level from 1 to 9.")},
    )
    quantity = forms.IntegerField(label=_("Quantity"), max_value=DB_INT_MAX, widget=forms.NumberInput(attrs={"min": 1}))
    unit = forms.CharField(label=_("Unit"), max_length=40, initial=_("units"), help_text=_("e.g. units, sets, kits"))
    needed_by = forms.DateField(label=_("Needed by"), widget=DateInput())
    budget_min_eur = forms.IntegerField(
        label=_("Budget from (EUR)"),
        required=False,
        max_value=DB_INT_MAX,
        widget=forms.NumberInput(attrs={"min": 0, "step": 1000}),
    )
    budget_max_eur = forms.IntegerField(
        label=_("Budget up to (EUR)"),
        required=False,
        max_value=DB_INT_MAX,
        widget=forms.NumberInput(attrs={"min": 0, "step": 1000}),
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        initial=Urgency.ROUTINE,
        widget=forms.RadioSelect,
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it"), choices=Visibility.choices, initial=Visibility.VETTED, widget=forms.RadioSelect
    )

    def __init__(self, *args, instance: CapabilityRequest | None = None, **kwargs):
        if instance is not None and not kwargs.get("data") and not (args and args[0] is not None):
            kwargs["initial"] = _initial_from(instance)
        super().__init__(*args, **kwargs)
        # An edit that keeps a date now past is allowed; only a new date must not lie in the past.
        self.stored_needed_by = instance.needed_by if instance is not None else None
        self.fields["min_trl"].choices = trl_choices()
        self.fields["urgency"].choices = urgency_choices()
        self.visibility_help = [(value, label, VISIBILITY_HELP[value]) for value, label in Visibility.choices]

    def clean(self) -> dict:
        data = super().clean()
        check_needed_by = data.get("needed_by") != self.stored_needed_by
        for field, message in request_field_errors(data, check_needed_by=check_needed_by).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data

    def area_options(self) -> list[AreaOption]:
        """The whole tree with each area's checkbox state, kept from what was typed on an error."""
        return area_options(self["areas"].value())

    def request_fields(self) -> RequestFields:
        data = self.cleaned_data
        return RequestFields(
            title=data["title"],
            description=data["description"],
            language=data["language"],
            summary_en=data["summary_en"],
            title_en=data["title_en"],
            areas=tuple(data["areas"]),
            conditions=tuple(data["conditions"]),
            conditions_note=data["conditions_note"],
            min_trl=data["min_trl"],
            quantity=data["quantity"],
            unit=data["unit"],
            needed_by=data["needed_by"],
            budget_min_eur=data["budget_min_eur"],
            budget_max_eur=data["budget_max_eur"],
            urgency=data["urgency"],
            visibility=data["visibility"],
        )


def _initial_from(capability_request: CapabilityRequest) -> dict:
    names = [
        "title",
        "language",
        "description",
        "summary_en",
        "title_en",
        "conditions",
        "conditions_note",
        "min_trl",
        "quantity",
        "unit",
        "needed_by",
        "budget_min_eur",
        "budget_max_eur",
        "urgency",
        "visibility",
    ]
    initial = {name: getattr(capability_request, name) for name in names}
    initial["areas"] = [area.pk for area in capability_request.areas.all()]
    return initial


def _area_choices() -> list[tuple]:
    # A function, read only when the field is rendered or checks a value sent: the tree's choices are built
    # once per version of the areas and language, and the form built for every page copies none of them.
    return [("", _("Any area")), *area_choices("\u00a0\u00a0\u00a0")]


class StartupFilterForm(forms.Form):
    """The catalogue's filters; a value that does not parse is reported and ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    area = forms.TypedChoiceField(
        label=_("Capability area"), required=False, choices=_area_choices, coerce=int, empty_value=None
    )
    urgency = forms.ChoiceField(label=_("Urgency"), required=False, choices=[("", _("Any"))] + Urgency.choices)
    trl = forms.TypedChoiceField(
        label=_("Readiness of your product"),
        required=False,
        choices=trl_filter_choices,
        coerce=int,
        empty_value=None,
        help_text=_("Shows requests that ask for this level or lower."),
    )
    needed_from = forms.DateField(label=_("Needed from"), required=False, widget=DateInput())
    needed_to = forms.DateField(label=_("Needed by at the latest"), required=False, widget=DateInput())
    language = forms.ChoiceField(label=_("Language"), required=False, choices=[("", _("Any"))] + Language.choices)
    order = forms.ChoiceField(label=_("Order"), required=False, choices=Ordering.CHOICES)

    def filters(self) -> StartupFilters:
        self.is_valid()
        data = self.cleaned_data
        return StartupFilters(
            area_id=data.get("area"),
            urgency=data.get("urgency") or "",
            max_min_trl=data.get("trl"),
            needed_from=data.get("needed_from"),
            needed_to=data.get("needed_to"),
            language=data.get("language") or "",
            query=data.get("q") or "",
            ordering=data.get("order") or (Ordering.RELEVANCE if data.get("q") else Ordering.NEWEST),
        )


class ManagementFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("Any"))] + RequestState.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), required=False, queryset=Organisation.objects.none(), empty_label=_("Any")
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations

    def values(self) -> dict:
        self.is_valid()
        data = self.cleaned_data
        organisation = data.get("organisation")
        return {
            "state": data.get("state") or "",
            "organisation_id": organisation.pk if organisation else None,
            "query": data.get("q") or "",
        }
