"""Capability areas suggested while a request or an offer is typed (matching/bridge/areas.py), as JSON for the
area picker (static/js/area-picker.js)."""

import time

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from innovation_office.refusals import not_found
from taxonomy.models import CapabilityArea

from ..bridge import areas
from ..permissions import area_examples_for, may_suggest_areas

# Suggestions a user may ask for in a minute: the picker asks once a pause in typing; each costs an encoding.
PER_MINUTE = 30
_clock = time.time


def _asked_too_often(user_id: int) -> bool:
    """Counts the user's asks in this minute's own key: a key that outlived its minute counts nothing more."""
    key = f"area-suggestions:{user_id}:{int(_clock() // 60)}"
    if cache.add(key, 1, 120):
        return False
    try:
        return cache.incr(key) > PER_MINUTE
    except ValueError:  # the key expired between the two calls: this ask opens it again
        cache.add(key, 1, 120)
        return False


@login_required
@require_POST
def area_suggestions(request: HttpRequest) -> JsonResponse:
    if not may_suggest_areas(request.user):
        not_found()
    if _asked_too_often(request.user.pk):
        return JsonResponse({"areas": [], "error": "too many"}, status=429)
    text = "\n".join(request.POST.get(field, "") for field in ("title", "summary", "description"))
    found = areas.suggest(text, area_examples_for(request.user))
    by_slug = CapabilityArea.objects.in_bulk([s.area_id for s in found], field_name="slug")
    return JsonResponse(
        {
            "areas": [
                {"id": by_slug[s.area_id].pk, "name": by_slug[s.area_id].name} for s in found if s.area_id in by_slug
            ]
        }
    )
