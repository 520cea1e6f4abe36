"""REST API of organisations (one's own; staff: all): thin views over the selectors."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from .models import IdentityChange, IdentityChangeState, Organisation
from .selectors import organisation_get, organisations_visible_to


class IdentityChangeSerializer(serializers.ModelSerializer):
    """A change of identity awaiting the office: only the fields it changes are set (null keeps the value)."""

    message = serializers.SerializerMethodField(help_text="What the change awaits, in the reader's language.")

    class Meta:
        model = IdentityChange
        fields = ["id", "legal_name", "registration_number", "country", "kind", "state", "created_at", "message"]
        read_only_fields = fields

    def get_message(self, change: IdentityChange) -> str:
        fields = ", ".join(str(label) for label in change.field_labels())
        return _("Your change of %(fields)s awaits the office's approval.") % {"fields": fields}


def _pending_changes() -> Prefetch:
    return Prefetch(
        "identity_changes",
        queryset=IdentityChange.objects.filter(state=IdentityChangeState.PENDING),
        to_attr="pending_identity_changes",
    )


class OrganisationSerializer(serializers.ModelSerializer):
    pending_identity_change = serializers.SerializerMethodField(
        help_text=(
            "Once an organisation is vetted, a new legal name, registration number or country is not applied at "
            "once: it waits here for the office's approval (null when nothing waits)."
        )
    )

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
            "pending_identity_change",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(IdentityChangeSerializer(allow_null=True))
    def get_pending_identity_change(self, organisation: Organisation) -> dict | None:
        pending = getattr(organisation, "pending_identity_changes", None)
        if pending is None:
            pending = list(organisation.identity_changes.filter(state=IdentityChangeState.PENDING))
        return IdentityChangeSerializer(pending[0]).data if pending else None


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
        organisations = organisations_visible_to(request.user).prefetch_related(_pending_changes())
        page = self.paginate_queryset(organisations.order_by("legal_name", "pk"))
        return self.get_paginated_response(OrganisationSerializer(page, many=True).data)

    def retrieve(self, request, pk: int):
        return Response(OrganisationSerializer(organisation_get(request.user, pk)).data)
