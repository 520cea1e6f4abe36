"""The user's notifications: the list, marking them read, and e-mail preferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innovation_office.paginator import CountedPaginator

from .forms import PreferenceForm
from .selectors import email_frequency_of, notification_get, notifications_of, unread_count
from .services import notification_preference_set, notifications_mark_read
from .subjects import shown

PAGE_SIZE = 20


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    page = CountedPaginator(notifications_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = shown(request.user, page.object_list)
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = notification_get(request.user, pk)
    notifications_mark_read(user=request.user, ids=[notification.pk])
    if request.htmx:
        notification.refresh_from_db(fields=["read_at"])
        shown(request.user, [notification])
        # The bell counts what is unread now, not what was when the user was loaded.
        context = {
            "notification": notification,
            "swap_bell": True,
            "unread_notification_count": unread_count(request.user),
        }
        return render(request, "notifications/_item.html", context)
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferenceForm(request.POST or None, initial={"email_frequency": email_frequency_of(request.user)})
    if request.method == "POST" and form.is_valid():
        notification_preference_set(user=request.user, email_frequency=form.cleaned_data["email_frequency"])
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
