"""REST API of organisations (one's own; staff: all): thin views over the selectors."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from .models import Organisation
from .selectors import organisation_get, organisations_visible_to


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = [
            "id",
            "kind",
            "legal_name",
            "country",
            "registration_number",
            "website",
            "description",
            "ncage_code",
            "vetting_state",
            "vetting_note",
            "created_at",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="Organisations you belong to (staff: every organisation)", tags=["organisations"]),
    retrieve=extend_schema(summary="One organisation you belong to (staff: any)", tags=["organisations"]),
)
class OrganisationViewSet(viewsets.GenericViewSet):
    """Reading organisations; the router serves it with the company-profile edit added in offers.api."""

    serializer_class = OrganisationSerializer
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return Organisation.objects.none()  # every read goes through a selector scoped to the user

    def list(self, request):
        page = self.paginate_queryset(organisations_visible_to(request.user).order_by("legal_name", "pk"))
        return self.get_paginated_response(OrganisationSerializer(page, many=True).data)

    def retrieve(self, request, pk: int):
        return Response(OrganisationSerializer(organisation_get(request.user, pk)).data)
