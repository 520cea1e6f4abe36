"""REST API of offers (the catalogue, a startup's own, their moves) and of the company profile: thin
views over the pages' selectors and services."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from innovation_office.api.filters import parsed_filters
from innovation_office.api.moves import add_move_endpoints
from innovation_office.forms import DB_INT_MAX
from profiles.api import OrganisationSerializer, OrganisationViewSet
from profiles.countries import COUNTRIES
from profiles.models import Language
from profiles.selectors import organisation_get
from taxonomy.models import CapabilityArea

from .models import ExportControl, Offer, OfferState, ml_categories
from .selectors import CatalogueFilters, offer_catalogue, offer_get, offer_get_for_edit, own_offers, own_startup
from .services import OFFER_MOVES, offer_create, offer_update, organisation_update_profile
from .states import OFFER_STATES

# Company profile ------------------------------------------------------------------------------------


class OrganisationUpdateSerializer(serializers.Serializer):
    legal_name = serializers.CharField(max_length=200, required=False)
    country = serializers.ChoiceField(choices=COUNTRIES, required=False)
    registration_number = serializers.CharField(max_length=64, required=False, allow_blank=True)
    website = serializers.URLField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    ncage_code = serializers.CharField(max_length=5, required=False, allow_blank=True)


class CompanyProfileViewSet(OrganisationViewSet):
    """The organisations endpoint, with the company-profile edit that belongs to the offers side."""

    @extend_schema(
        summary="Edit an organisation's profile (its administrators, and staff)",
        description=(
            "Fields left out keep their value. Once the organisation has passed vetting (vetted or suspended), "
            "a new `legal_name`, `registration_number` or `country` is **not applied**: the answer is still "
            "200 with the organisation as it is, and the change waits for the office's approval in "
            "`pending_identity_change` (a new change replaces the one waiting; sending the current values "
            "withdraws it). The other fields change at once. A registration number another company holds "
            "(ignoring case, spaces and look-alike letters) is refused with 400 on that field."
        ),
        tags=["organisations"],
        request=OrganisationUpdateSerializer,
        responses=OrganisationSerializer,
    )
    def partial_update(self, request, pk: int):
        organisation = organisation_get(request.user, pk)
        serializer = OrganisationUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = organisation_update_profile(
            organisation=organisation, by=request.user, **serializer.validated_data
        )
        return Response(OrganisationSerializer(organisation).data)


# Offers ---------------------------------------------------------------------------------------------


class OrganisationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    legal_name = serializers.CharField()
    country = serializers.CharField()


class OfferSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer()
    ml_category = serializers.ChoiceField(
        choices=[("", "—"), *ml_categories()], help_text="Empty unless on the EU Common Military List."
    )
    areas = serializers.SerializerMethodField()
    has_datasheet = serializers.SerializerMethodField()
    moves = serializers.SerializerMethodField(help_text="The moves you may make on this offer now (POST to /<move>/).")

    class Meta:
        model = Offer
        fields = [
            "id",
            "organisation",
            "title",
            "summary",
            "description",
            "language",
            "areas",
            "trl",
            "field_tested_ua",
            "field_tested_note",
            "lead_time_days",
            "monthly_capacity",
            "price_min_eur",
            "price_max_eur",
            "export_control",
            "ml_category",
            "licence_held",
            "has_datasheet",
            "state",
            "moves",
            "published_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_areas(self, offer: Offer) -> list[int]:
        return [area.pk for area in offer.areas.all()]

    def get_has_datasheet(self, offer: Offer) -> bool:
        return bool(offer.datasheet)

    def get_moves(self, offer: Offer) -> list[str]:
        return [move.name for move in OFFER_STATES.moves_for(self.context["request"].user, offer)]


class OfferInputSerializer(serializers.Serializer):
    """The fields of offer_create / offer_update, typed; the rules (price order, ML category) are the service's."""

    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=300)
    description = serializers.CharField(max_length=20000)
    language = serializers.ChoiceField(choices=Language.choices)
    areas = serializers.PrimaryKeyRelatedField(queryset=CapabilityArea.objects.all(), many=True)
    trl = serializers.IntegerField(min_value=1, max_value=9)
    field_tested_ua = serializers.BooleanField(default=False)
    field_tested_note = serializers.CharField(max_length=4000, allow_blank=True, default="")
    lead_time_days = serializers.IntegerField(min_value=0, max_value=3650)
    monthly_capacity = serializers.IntegerField(min_value=1, max_value=10_000_000)
    price_min_eur = serializers.IntegerField(min_value=0, max_value=DB_INT_MAX, allow_null=True, default=None)
    price_max_eur = serializers.IntegerField(min_value=0, max_value=DB_INT_MAX, allow_null=True, default=None)
    export_control = serializers.ChoiceField(choices=ExportControl.choices)
    ml_category = serializers.ChoiceField(choices=[("", "—"), *ml_categories()], allow_blank=True, default="")
    licence_held = serializers.BooleanField(default=False)


class CatalogueFilterSet(django_filters.FilterSet):
    """The catalogue page's filters (CatalogueFilterForm), for the API; offer_catalogue applies them."""

    search = django_filters.CharFilter(
        max_length=200,
        help_text="Words to find, in English or Ukrainian: offers holding most of them, or their translations.",
    )
    area = django_filters.NumberFilter(
        min_value=1, max_value=2**63 - 1, help_text="A capability area, sub-areas included."
    )
    trl_min = django_filters.NumberFilter(min_value=1, max_value=9, help_text="At least this readiness level.")
    field_tested = django_filters.BooleanFilter(help_text="Only offers field-tested in Ukraine.")
    lead_time_max = django_filters.NumberFilter(min_value=0, max_value=DB_INT_MAX, help_text="At most this many days.")
    export_control = django_filters.ChoiceFilter(choices=ExportControl.choices)
    country = django_filters.ChoiceFilter(choices=COUNTRIES, help_text="The startup's country.")
    organisation = django_filters.NumberFilter(min_value=1, max_value=2**63 - 1, help_text="Staff only: one startup.")
    state = django_filters.ChoiceFilter(choices=OfferState.choices, help_text="Staff only.")
    ordering = django_filters.ChoiceFilter(
        choices=[("newest", "newest"), ("trl", "trl"), ("lead_time", "lead_time")], help_text="Default: newest."
    )

    class Meta:
        model = Offer
        fields = []

    def selection(self) -> CatalogueFilters:
        data = self.form.cleaned_data

        def number(name):
            return int(data[name]) if data.get(name) is not None else None

        return CatalogueFilters(
            query=data.get("search") or "",
            area_id=number("area"),
            trl_min=number("trl_min"),
            field_tested=bool(data.get("field_tested")),
            lead_time_max=number("lead_time_max"),
            export_control=data.get("export_control") or "",
            country=data.get("country") or "",
            sort=data.get("ordering") or "newest",
            organisation_id=number("organisation"),
            state=data.get("state") or "",
        )


class OwnOfferFilterSet(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=OfferState.choices)

    class Meta:
        model = Offer
        fields = []


@extend_schema(tags=["offers"])
class OwnOfferViewSet(viewsets.GenericViewSet):
    serializer_class = OfferSerializer
    filterset_class = OwnOfferFilterSet

    def get_queryset(self):
        return Offer.objects.none()

    @extend_schema(summary="Your startup's own offers, in every state, most recently changed first")
    def list(self, request):
        state = parsed_filters(self, request).form.cleaned_data.get("state") or ""
        page = self.paginate_queryset(own_offers(request.user, state=state))
        return self.get_paginated_response(OfferSerializer(page, many=True, context={"request": request}).data)


@extend_schema(tags=["offers"])
class OfferViewSet(viewsets.GenericViewSet):
    serializer_class = OfferSerializer
    filterset_class = CatalogueFilterSet
    lookup_value_regex = "[0-9]+"
    extra_error_codes = (409,)

    def get_queryset(self):
        return Offer.objects.none()  # every read goes through a selector scoped to the user

    @extend_schema(summary="The offer catalogue: published offers of vetted startups (officers and staff)")
    def list(self, request):
        offers = offer_catalogue(request.user, parsed_filters(self, request).selection())
        page = self.paginate_queryset(offers)
        return self.get_paginated_response(OfferSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(summary="One offer you may see")
    def retrieve(self, request, pk: int):
        return Response(OfferSerializer(offer_get(request.user, pk), context={"request": request}).data)

    @extend_schema(
        summary="Draft a new offer for your startup", request=OfferInputSerializer, responses={201: OfferSerializer}
    )
    def create(self, request):
        serializer = OfferInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        offer = offer_create(organisation=own_startup(request.user), by=request.user, **serializer.validated_data)
        return Response(
            OfferSerializer(offer_get(request.user, offer.pk), context={"request": request}).data, status=201
        )

    @extend_schema(summary="Change an offer's content (fields left out keep their value)", request=OfferInputSerializer)
    def partial_update(self, request, pk: int):
        offer = offer_get_for_edit(request.user, pk)
        serializer = OfferInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        areas = fields.pop("areas", list(offer.areas.all()))
        offer_update(offer=offer, by=request.user, areas=areas, **fields)
        return Response(OfferSerializer(offer_get(request.user, pk), context={"request": request}).data)


def _make_move(view, request, pk: int, move) -> Response:
    OFFER_MOVES[move.name](offer=offer_get_for_edit(request.user, pk), by=request.user)
    return Response(OfferSerializer(offer_get(request.user, pk), context={"request": request}).data)


add_move_endpoints(OfferViewSet, OFFER_STATES, make=_make_move, noun="an offer", response=OfferSerializer)
