"""REST API of capability requests: full records for officers and staff, the anonymised projection for startups.

Startups never get a full record: their endpoints serialise only needs.selectors.AnonymisedRequest, whose
rows are read without the organisation's name, the officer or the budget."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from innovation_office.api.filters import parsed_filters
from innovation_office.api.moves import add_move_endpoints
from innovation_office.forms import DB_INT_MAX
from profiles.models import Language
from taxonomy.models import CapabilityArea

from .models import CapabilityRequest, OperatingCondition, RequestState, Urgency, Visibility
from .selectors import (
    Ordering,
    StartupFilters,
    anonymise,
    anonymised_rows_for,
    request_get,
    request_get_for,
    requests_for_management,
)
from .services import (
    MOVE_SERVICES,
    RequestFields,
    request_create,
    request_record_read,
    request_update,
    requests_record_reads,
)
from .states import REQUEST_STATES


class RequestSerializer(serializers.ModelSerializer):
    """A whole request: staff and the officers of the requesting organisation only."""

    organisation = serializers.SerializerMethodField()
    areas = serializers.SerializerMethodField()
    conditions = serializers.ListField(child=serializers.CharField(), help_text="Operating condition codes.")
    moves = serializers.SerializerMethodField()

    class Meta:
        model = CapabilityRequest
        fields = [
            "id",
            "organisation",
            "title",
            "description",
            "language",
            "summary_en",
            "title_en",
            "areas",
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
            "state",
            "moves",
            "opened_at",
            "closed_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_organisation(self, row: CapabilityRequest) -> int:
        return row.organisation_id

    def get_areas(self, row: CapabilityRequest) -> list[int]:
        return [area.pk for area in row.areas.all()]

    def get_moves(self, row: CapabilityRequest) -> list[str]:
        """The moves this user may make on the request now (each is `POST …/<move>/`)."""
        return [move.name for move in REQUEST_STATES.moves_for(self.context["request"].user, row)]


class AnonymisedRequestSerializer(serializers.Serializer):
    """What a vetted startup may read of an open request: no organisation, officer or budget."""

    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    description = serializers.CharField()
    language = serializers.CharField()
    title_en = serializers.CharField(help_text="The officer's English title, if any (blank otherwise).")
    summary_en = serializers.CharField()
    requester = serializers.CharField(help_text="The kind of organisation asking, e.g. “a Ukrainian defence unit”.")
    areas = serializers.ListField(child=serializers.CharField(), help_text="Capability area names.")
    conditions = serializers.ListField(child=serializers.CharField(), help_text="Operating conditions, as labels.")
    conditions_note = serializers.CharField()
    min_trl = serializers.IntegerField()
    quantity = serializers.IntegerField()
    unit = serializers.CharField()
    needed_by = serializers.DateField()
    urgency = serializers.CharField()
    urgency_label = serializers.CharField()
    opened_at = serializers.DateTimeField(allow_null=True)


class RequestInputSerializer(serializers.Serializer):
    """The fields of RequestFields, typed; the rules (dates, budget order) are the service's."""

    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=10000)
    language = serializers.ChoiceField(choices=Language.choices)
    summary_en = serializers.CharField(max_length=2000, allow_blank=True, default="")
    title_en = serializers.CharField(max_length=200, allow_blank=True, default="")
    areas = serializers.PrimaryKeyRelatedField(queryset=CapabilityArea.objects.all(), many=True)
    conditions = serializers.ListField(child=serializers.ChoiceField(choices=OperatingCondition.choices), default=list)
    conditions_note = serializers.CharField(max_length=300, allow_blank=True, default="")
    min_trl = serializers.IntegerField(min_value=1, max_value=9)
    quantity = serializers.IntegerField(min_value=1, max_value=DB_INT_MAX)
    unit = serializers.CharField(max_length=40, default="units")
    needed_by = serializers.DateField()
    budget_min_eur = serializers.IntegerField(min_value=0, max_value=DB_INT_MAX, allow_null=True, default=None)
    budget_max_eur = serializers.IntegerField(min_value=0, max_value=DB_INT_MAX, allow_null=True, default=None)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.ROUTINE)
    visibility = serializers.ChoiceField(choices=Visibility.choices, default=Visibility.VETTED)

    def request_fields(self, current: CapabilityRequest | None = None) -> RequestFields:
        """The validated input as RequestFields; on a partial update, what is left out keeps its value."""
        data = dict(self.validated_data)
        if current is not None:
            for name in RequestFields.__dataclass_fields__:
                if name not in data:
                    data[name] = list(current.areas.all()) if name == "areas" else getattr(current, name)
        data["areas"] = tuple(data["areas"])
        data["conditions"] = tuple(data["conditions"])
        return RequestFields(**data)


class ManagementFilterSet(django_filters.FilterSet):
    """The officers' and staff's request list filters (ManagementFilterForm)."""

    search = django_filters.CharFilter(
        max_length=200,
        help_text="Words to find, in English or Ukrainian: requests holding most of them, or their translations, "
        "and open requests close in meaning, most relevant first.",
    )
    state = django_filters.ChoiceFilter(choices=RequestState.choices)
    organisation = django_filters.NumberFilter(
        min_value=1, max_value=2**63 - 1, help_text="Staff only: one organisation."
    )

    class Meta:
        model = CapabilityRequest
        fields = []


class StartupFilterSet(django_filters.FilterSet):
    """The startups' catalogue filters (StartupFilterForm)."""

    search = django_filters.CharFilter(
        max_length=200,
        help_text="Words to find, in English or Ukrainian: requests holding most of them, or their translations; "
        "with ordering=relevance, requests close in meaning too.",
    )
    area = django_filters.NumberFilter(
        min_value=1, max_value=2**63 - 1, help_text="A capability area, sub-areas included."
    )
    urgency = django_filters.ChoiceFilter(choices=Urgency.choices)
    trl = django_filters.NumberFilter(
        min_value=1, max_value=9, help_text="Requests asking for this readiness or lower."
    )
    needed_from = django_filters.DateFilter()
    needed_to = django_filters.DateFilter()
    language = django_filters.ChoiceFilter(choices=Language.choices)
    ordering = django_filters.ChoiceFilter(choices=[(value, value) for value, _label in Ordering.CHOICES])

    class Meta:
        model = CapabilityRequest
        fields = []

    def selection(self) -> StartupFilters:
        data = self.form.cleaned_data
        return StartupFilters(
            area_id=int(data["area"]) if data.get("area") is not None else None,
            urgency=data.get("urgency") or "",
            max_min_trl=int(data["trl"]) if data.get("trl") is not None else None,
            needed_from=data.get("needed_from"),
            needed_to=data.get("needed_to"),
            language=data.get("language") or "",
            query=data.get("search") or "",
            ordering=data.get("ordering") or Ordering.NEWEST,
        )


@extend_schema(tags=["capability requests"])
class RequestViewSet(viewsets.GenericViewSet):
    serializer_class = RequestSerializer
    lookup_value_regex = "[0-9]+"
    filterset_class = ManagementFilterSet
    extra_error_codes = (409,)

    def get_queryset(self):
        return CapabilityRequest.objects.none()  # every read goes through a selector scoped to the user

    @extend_schema(summary="Requests you manage: your organisation's (officers) or all (staff), newest first")
    def list(self, request):
        data = parsed_filters(self, request).form.cleaned_data
        requests = requests_for_management(
            request.user,
            state=data.get("state") or "",
            query=data.get("search") or "",
            organisation_id=int(data["organisation"]) if data.get("organisation") is not None else None,
        ).prefetch_related("areas")
        page = self.paginate_queryset(requests)
        requests_record_reads(page, by=request.user)
        return self.get_paginated_response(RequestSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(summary="One request you manage (staff reads of restricted requests are audited)")
    def retrieve(self, request, pk: int):
        capability_request = request_get(request.user, pk)
        request_record_read(capability_request=capability_request, by=request.user)
        return Response(RequestSerializer(capability_request, context={"request": request}).data)

    @extend_schema(
        summary="Draft a request for your organisation (officers)",
        request=RequestInputSerializer,
        responses={201: RequestSerializer},
    )
    def create(self, request):
        serializer = RequestInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        capability_request = request_create(fields=serializer.request_fields(), by=request.user)
        return Response(
            RequestSerializer(request_get(request.user, capability_request.pk), context={"request": request}).data,
            status=201,
        )

    @extend_schema(
        summary="Edit a draft or open request (fields left out keep their value)", request=RequestInputSerializer
    )
    def partial_update(self, request, pk: int):
        capability_request = request_get(request.user, pk)
        serializer = RequestInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        request_update(
            capability_request=capability_request, fields=serializer.request_fields(capability_request), by=request.user
        )
        return _full_answer(request, pk)


@extend_schema(tags=["capability requests"])
class OpenRequestViewSet(viewsets.GenericViewSet):
    """The startups' catalogue of open requests, anonymised; empty for everyone else."""

    serializer_class = AnonymisedRequestSerializer
    lookup_value_regex = "[0-9]+"
    filterset_class = StartupFilterSet

    def get_queryset(self):
        return CapabilityRequest.objects.none()

    @extend_schema(summary="Open requests a vetted startup may answer, anonymised")
    def list(self, request):
        page = self.paginate_queryset(anonymised_rows_for(request.user, parsed_filters(self, request).selection()))
        return self.get_paginated_response(
            AnonymisedRequestSerializer([anonymise(row) for row in page], many=True).data
        )

    @extend_schema(summary="One open request, anonymised (vetted startups)")
    def retrieve(self, request, pk: int):
        return Response(AnonymisedRequestSerializer(request_get_for(request.user, pk)).data)


def _make_move(view, request, pk: int, move) -> Response:
    MOVE_SERVICES[move.name](capability_request=request_get(request.user, pk), by=request.user)
    return _full_answer(request, pk)


def _full_answer(request, pk: int) -> Response:
    """The whole request as its manager reads it after a change; a staff read of a restricted one is audited."""
    capability_request = request_get(request.user, pk)
    request_record_read(capability_request=capability_request, by=request.user)
    return Response(RequestSerializer(capability_request, context={"request": request}).data)


add_move_endpoints(RequestViewSet, REQUEST_STATES, make=_make_move, noun="a request", response=RequestSerializer)
