"""REST API of the capability-area tree: the shared vocabulary, readable by everyone."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .selectors import area_tree


class AreaSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="area.pk")
    slug = serializers.CharField(source="area.slug")
    parent = serializers.IntegerField(source="area.parent_id", allow_null=True)
    depth = serializers.IntegerField()
    name_en = serializers.CharField(source="area.name_en")
    name_uk = serializers.CharField(source="area.name_uk")
    synonyms_en = serializers.ListField(source="area.synonyms_en", child=serializers.CharField())
    synonyms_uk = serializers.ListField(source="area.synonyms_uk", child=serializers.CharField())


class AreaListView(APIView):
    """The whole tree in display order, in one response (it is a few dozen rows, so it is not paged)."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="Every capability area, in tree order, with its depth",
        tags=["capability areas"],
        responses=AreaSerializer(many=True),
    )
    def get(self, request):
        return Response(AreaSerializer(area_tree(), many=True).data)
