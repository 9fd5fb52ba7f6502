"""Pages of the queue: the officer's counter, the public kiosk, waiting-room display and booking.

Views parse input and render; every change goes through ``queue`` services. Another agency's
counter or ticket is a 404 (the lookups are scoped to the caller's agencies).
"""

from datetime import datetime, time, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from motcua.catalog.models import Field
from motcua.dossiers import online
from motcua.dossiers.errors import DossierError
from motcua.dossiers.transfer import cutoff as transfer_cutoff
from motcua.dossiers.transfer import late_transfers
from motcua.org.models import Agency
from motcua.org.selectors import agency_ids
from motcua.params import day as _day

from . import queue
from .late_filings import late_filings
from .models import QueueTicket

TICKET_ACTIONS = {
    "goi-lai": (queue.recall, gettext_lazy("Đã gọi lại số %(number)s.")),
    "vang-mat": (queue.mark_no_show, gettext_lazy("Số %(number)s được ghi nhận vắng mặt.")),
    "bat-dau": (queue.start_serving, gettext_lazy("Bắt đầu phục vụ số %(number)s.")),
    "xong": (queue.finish, gettext_lazy("Đã phục vụ xong số %(number)s.")),
}


def _forbidden(request, message: str):
    return render(request, "desk/queue/forbidden.html", {"message": message}, status=403)


def _public_agency(agency_id: int) -> Agency:
    return get_object_or_404(
        Agency.objects.select_related("unit"), pk=agency_id, active=True, receives_dossiers=True
    )


# ----------------------------------------------------------------- officer's counter


def _counter_context(request) -> dict:
    counters = list(queue.counters_for(request.user))
    mine = next((c for c in counters if c.officer_id == request.user.pk), None)
    context = {"counters": counters, "counter": mine}
    if mine is not None:
        today = timezone.localdate()
        pool = queue.waiting(mine.agency, today, mine)
        context.update(
            current=queue.current_ticket(mine),
            waiting_count=pool.count(),
            next_tickets=list(pool[:5]),
        )
    return context


def _counter_response(request):
    if request.htmx:
        return render(request, "desk/queue/_counter_panel.html", _counter_context(request))
    return redirect("queue_counter")


@login_required
@require_GET
def counter_page(request):
    if not agency_ids(request.user, queue.DESK_ROLES):
        return _forbidden(request, _("Trang này dành cho công chức Bộ phận Một cửa."))
    return render(request, "desk/queue/counter.html", _counter_context(request))


@login_required
@require_POST
def choose_counter(request):
    counter = get_object_or_404(queue.counters_for(request.user), pk=request.POST.get("counter") or 0)
    queue.sit_at(counter, request.user)
    messages.success(request, _("Bạn đang ngồi %(counter)s.") % {"counter": counter})
    return redirect("queue_counter")


@login_required
@require_POST
def call_next(request):
    counter = get_object_or_404(queue.counters_for(request.user), pk=request.POST.get("counter") or 0)
    try:
        ticket, message = queue.call_next(counter, request.user)
    except DossierError as exc:
        messages.error(request, exc.message)
    else:
        (messages.success if ticket else messages.info)(request, message)
    return _counter_response(request)


@login_required
@require_POST
def ticket_action(request, ticket_id: int, action: str):
    ticket = get_object_or_404(queue.tickets_for(request.user), pk=ticket_id)
    if action not in TICKET_ACTIONS:
        return _forbidden(request, _("Thao tác không hợp lệ."))
    service, done = TICKET_ACTIONS[action]
    try:
        service(ticket, request.user)
    except DossierError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done % {"number": ticket.display_number})
    return _counter_response(request)


@login_required
@require_GET
def stats(request):
    allowed = agency_ids(request.user, queue.STATS_ROLES)
    if not allowed:
        return _forbidden(request, _("Thống kê xếp hàng dành cho công chức Một cửa và lãnh đạo cơ quan."))
    agencies = list(Agency.objects.filter(pk__in=allowed).order_by("name"))
    chosen = next((a for a in agencies if str(a.pk) == request.GET.get("co_quan")), agencies[0])
    day = _day(request.GET.get("ngay"), timezone.localdate())
    context = {"agencies": agencies, "agency": chosen, "day": day, "stats": queue.daily_stats(chosen, day)}
    context.update(_online_figures(chosen, day))
    return render(request, "desk/queue/stats.html", context)


def _online_figures(agency: Agency, day) -> dict:
    """Online reception since the first of the month up to ``day`` (Decree 118/2025 Art. 17.2)."""
    tz = timezone.get_current_timezone()
    first = day.replace(day=1)
    start = datetime.combine(first, time.min, tz)
    end = datetime.combine(day + timedelta(days=1), time.min, tz)
    return {
        "online": online.desk_figures(agency.pk, start, end, timezone.now()),
        "online_from": first,
        # Transfers of the dossiers received here in the same days (Decree 118/2025 Art. 18.1, 20.1.a).
        "transfers": late_transfers(agency, received_from=start, received_before=end),
        "transfer_cutoff": transfer_cutoff(),
        # Supplement and extension requests filed late in the same days (Art. 19.5, 19.6).
        "late_filings": late_filings(agency.pk, start, end),
    }


# ----------------------------------------------------------------- public pages


def kiosk(request, agency_id: int):
    agency = _public_agency(agency_id)
    fields = queue.kiosk_fields(agency)
    if request.method == "POST":
        field_id = request.POST.get("field") or ""
        field = next((f for f in fields if str(f.pk) == field_id), None)
        if field_id and field is None:
            messages.error(request, _("Lĩnh vực đã chọn không có quầy phục vụ."))
        else:
            try:
                ticket = queue.issue_ticket(agency, field, priority=request.POST.get("priority") or "")
            except DossierError as exc:
                messages.error(request, exc.message)
            else:
                return _ticket_page(request, ticket)
    priorities = [(v, label) for v, label in QueueTicket.Priority.choices if v]
    return render(
        request, "desk/queue/kiosk.html", {"agency": agency, "fields": fields, "priorities": priorities}
    )


def _ticket_page(request, ticket: QueueTicket):
    context = {"ticket": ticket, "agency": ticket.agency, "ahead": queue.people_ahead(ticket)}
    return render(request, "desk/queue/ticket.html", context)


def checkin(request, agency_id: int):
    agency = _public_agency(agency_id)
    code = ""
    if request.method == "POST":
        code = request.POST.get("code", "")
        try:
            ticket = queue.check_in(agency, code)
        except DossierError as exc:
            messages.error(request, exc.message)
        else:
            return _ticket_page(request, ticket)
    return render(request, "desk/queue/checkin.html", {"agency": agency, "code": code})


@require_GET
def display(request, agency_id: int):
    agency = _public_agency(agency_id)
    return render(request, "desk/queue/display.html", _display_context(agency))


@require_GET
def display_fragment(request, agency_id: int):
    agency = _public_agency(agency_id)
    return render(request, "desk/queue/_display_board.html", _display_context(agency))


def _display_context(agency: Agency) -> dict:
    today = timezone.localdate()
    called = queue.last_called(agency, today)
    return {
        "agency": agency,
        "latest": called[0] if called else None,
        "called": called[1:],
        "waiting_count": queue.waiting(agency, today).count(),
        "now": timezone.localtime(),
    }


class BookingForm(forms.Form):
    field = forms.ModelChoiceField(Field.objects.none(), label=gettext_lazy("Lĩnh vực"))
    ngay = forms.DateField(label=gettext_lazy("Ngày hẹn"))
    slot = forms.TimeField(
        label=gettext_lazy("Giờ hẹn"), error_messages={"required": gettext_lazy("Chọn giờ hẹn.")}
    )
    name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=200)
    phone = forms.CharField(label=gettext_lazy("Điện thoại"), max_length=20)
    personal_id = forms.CharField(label=gettext_lazy("Số định danh cá nhân"), max_length=20)

    def __init__(self, *args, fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = Field.objects.filter(pk__in=[f.pk for f in fields])


def booking(request, agency_id: int):
    agency = _public_agency(agency_id)
    days = queue.booking_days(agency)
    fields = queue.kiosk_fields(agency)
    data = request.POST if request.method == "POST" else request.GET
    day = _day(data.get("ngay"), days[0] if days else timezone.localdate())
    day = day if day in days else (days[0] if days else day)
    form = BookingForm(data if request.method == "POST" else None, fields=fields, initial=dict(data.items()))
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            made = queue.book(
                agency, c["field"], c["ngay"], c["slot"], c["name"], c["phone"], c["personal_id"]
            )
        except DossierError as exc:
            form.add_error(None, exc.message)
        else:
            return render(request, "desk/queue/booked.html", {"agency": agency, "booking": made})
    context = {
        "agency": agency,
        "form": form,
        "fields": fields,
        "days": days,
        "day": day,
        "slots": queue.slots(agency, day),
        "chosen_field": data.get("field", ""),
        "chosen_slot": data.get("slot", ""),
    }
    if request.htmx and request.method == "GET":
        return render(request, "desk/queue/_booking_slots.html", context)
    return render(request, "desk/queue/booking.html", context)
