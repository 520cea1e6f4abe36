"""Capability areas suggested while a request or an offer is typed (matching/bridge/areas.py), as JSON for the
area picker (static/js/area-picker.js)."""

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from innovation_office.refusals import not_found
from taxonomy.models import CapabilityArea

from ..bridge import areas
from ..permissions import may_suggest_areas

# Suggestions a user may ask for in a minute: the picker asks once a pause in typing; each costs an encoding.
PER_MINUTE = 30


@login_required
@require_POST
def area_suggestions(request: HttpRequest) -> JsonResponse:
    if not may_suggest_areas(request.user):
        not_found()
    key = f"area-suggestions:{request.user.pk}"
    cache.add(key, 0, 60)
    if cache.incr(key) > PER_MINUTE:
        return JsonResponse({"areas": [], "error": "too many"}, status=429)
    text = "\n".join(request.POST.get(field, "") for field in ("title", "summary", "description"))
    found = areas.suggest(text)
    by_slug = CapabilityArea.objects.in_bulk([s.area_id for s in found], field_name="slug")
    return JsonResponse(
        {
            "areas": [
                {"id": by_slug[s.area_id].pk, "name": by_slug[s.area_id].name} for s in found if s.area_id in by_slug
            ]
        }
    )
