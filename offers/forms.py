"""Forms for offers, the offer catalogue's filters and the company profile.

The rules (price band order, Military List category, PDF and image content) live in the services; the
offer form runs them too, beside its own checks, so that every error of a submission shows at once.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from innovation_office.forms import DB_INT_MAX
from profiles.countries import COUNTRIES
from profiles.models import Language
from taxonomy.models import CapabilityArea
from taxonomy.selectors import area_choices

from .models import ExportControl, OfferState, ml_categories, trl_choices, trl_filter_choices
from .selectors import SORTS, CatalogueFilters
from .services import offer_rule_errors
from .uploads import check_datasheet

UPLOAD_AGAIN = _("If the form comes back with an error, choose the file again: uploads are not kept between attempts.")


class OfferForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), max_length=300, help_text=_("One or two sentences a buyer reads in the catalogue list.")
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        help_text=_("What it does, how it is used, what it needs in the field."),
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=Language.choices)
    areas = forms.ModelMultipleChoiceField(
        label=_("Capability areas"),
        queryset=CapabilityArea.objects.all(),
        error_messages={"required": _("Choose at least one capability area.")},
    )
    trl = forms.TypedChoiceField(
        label=_("Technology readiness level"),
        choices=trl_choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a readiness level from 1 to 9.")},
    )
    field_tested_ua = forms.BooleanField(label=_("Field-tested in Ukraine"), required=False)
    field_tested_note = forms.CharField(
        label=_("Where and how it was tested"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Without sensitive details: the kind of unit, the period, the conditions."),
    )
    lead_time_days = forms.IntegerField(
        label=_("Lead time (days)"),
        min_value=0,
        max_value=3650,
        help_text=_("From order to delivery of the first units."),
        error_messages={"min_value": _("The lead time cannot be negative.")},
    )
    monthly_capacity = forms.IntegerField(
        label=_("Monthly capacity (units)"),
        min_value=1,
        max_value=10_000_000,
        error_messages={"min_value": _("The monthly capacity must be at least one unit.")},
    )
    price_min_eur = forms.IntegerField(
        label=_("Unit price from (EUR)"),
        min_value=0,
        max_value=DB_INT_MAX,
        required=False,
        error_messages={"min_value": _("A price cannot be negative.")},
    )
    price_max_eur = forms.IntegerField(
        label=_("Unit price up to (EUR)"),
        min_value=0,
        max_value=DB_INT_MAX,
        required=False,
        error_messages={"min_value": _("A price cannot be negative.")},
    )
    export_control = forms.ChoiceField(
        label=_("Export-control status"),
        choices=ExportControl.choices,
        widget=forms.RadioSelect,
    )
    ml_category = forms.ChoiceField(
        label=_("Military List category"),
        choices=[("", "—"), *ml_categories()],
        required=False,
        help_text=_("Required when the item is on the EU Common Military List."),
    )
    licence_held = forms.BooleanField(label=_("We hold an export licence for this item"), required=False)
    datasheet = forms.FileField(
        label=_("Datasheet (PDF, at most 10 MB)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text=UPLOAD_AGAIN,
    )

    def clean_datasheet(self):
        upload = self.cleaned_data["datasheet"]
        if upload:
            try:
                check_datasheet(upload)
            except ValidationError as error:
                raise ValidationError(error.messages) from error
        return upload

    def clean(self) -> dict:
        data = super().clean()
        for field, messages in offer_rule_errors(data).items():
            if field not in self.errors:
                self.add_error(field, messages)
        return data

    def service_arguments(self) -> dict:
        """The cleaned data as the keyword arguments of offer_create / offer_update."""
        data = dict(self.cleaned_data)
        data["areas"] = list(data["areas"])
        data["datasheet"] = data["datasheet"] or None
        return data


class CompanyProfileForm(forms.Form):
    legal_name = forms.CharField(label=_("Legal name"), max_length=200)
    country = forms.ChoiceField(label=_("Country of registration"), choices=COUNTRIES)
    registration_number = forms.CharField(label=_("Company registration number"), max_length=64)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("What the company does"), widget=forms.Textarea(attrs={"rows": 6}), max_length=4000
    )
    ncage_code = forms.CharField(
        label=_("NCAGE code"),
        max_length=5,
        required=False,
        help_text=_("Your NATO supplier code, if you have one: five capital letters or digits."),
    )
    logo = forms.FileField(
        label=_("Logo (PNG, JPEG or WebP, at most 2 MB)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        help_text=UPLOAD_AGAIN,
    )

    def clean_ncage_code(self) -> str:
        return self.cleaned_data["ncage_code"].strip().upper()

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["logo"] = data["logo"] or None
        return data


# The filters' choices are given as functions: a form built for every page copies its fields, and a function
# is copied whole where a list is copied item by item; each is read only when the field is rendered, or
# checks a value sent.
def _area_choices() -> list[tuple]:
    return [("", _("Any area")), *area_choices("— ")]


def _export_control_choices() -> list[tuple]:
    return [("", _("Any")), *ExportControl.choices]


def _country_choices() -> list[tuple]:
    return [("", _("Any")), *COUNTRIES]


def _state_choices() -> list[tuple]:
    return [("", _("Any")), *OfferState.choices]


def _sort_choices() -> list[tuple]:
    return [
        ("relevance", _("Best match")),
        ("newest", _("Newest")),
        ("trl", _("Highest TRL")),
        ("lead_time", _("Shortest lead time")),
    ]


def _sort(chosen: str | None, searching: bool) -> str:
    """The chosen order; without one, the best matches first when searching, else the newest."""
    if chosen in SORTS or (chosen == "relevance" and searching):
        return chosen
    return "relevance" if searching else "newest"


class CatalogueFilterForm(forms.Form):
    """Reads the catalogue's query string; values that do not parse are ignored rather than refused."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    area = forms.TypedChoiceField(
        label=_("Capability area"), choices=_area_choices, coerce=int, empty_value=None, required=False
    )
    trl_min = forms.TypedChoiceField(
        label=_("TRL at least"),
        choices=trl_filter_choices,
        coerce=int,
        empty_value=None,
        required=False,
    )
    lead_time_max = forms.IntegerField(
        label=_("Lead time at most (days)"), min_value=0, max_value=DB_INT_MAX, required=False
    )
    export_control = forms.ChoiceField(label=_("Export control"), choices=_export_control_choices, required=False)
    country = forms.ChoiceField(label=_("Country"), choices=_country_choices, required=False)
    field_tested = forms.BooleanField(label=_("Field-tested in Ukraine"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=_sort_choices)

    def filters(self) -> CatalogueFilters:
        self.is_valid()
        data = self.cleaned_data
        return CatalogueFilters(
            query=data.get("q") or "",
            area_id=data.get("area"),
            trl_min=data.get("trl_min"),
            field_tested=bool(data.get("field_tested")),
            lead_time_max=data.get("lead_time_max"),
            export_control=data.get("export_control") or "",
            country=data.get("country") or "",
            sort=_sort(data.get("sort"), bool(data.get("q"))),
            organisation_id=data.get("organisation"),
            state=data.get("state") or "",
        )


class StaffCatalogueFilterForm(CatalogueFilterForm):
    """Staff also narrow the catalogue to one startup and to an offer's state (officers' forms have neither
    field, rather than copying them for every page and deleting them)."""

    organisation = forms.TypedChoiceField(label=_("Startup"), coerce=int, empty_value=None, required=False)
    state = forms.ChoiceField(label=_("State"), choices=_state_choices, required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", _("Any")), *[(o.pk, o.legal_name) for o in organisations]]


class SavedSearchForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the search"), max_length=100, help_text=_("e.g. Night sights, TRL 7 or more")
    )
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=1000)
