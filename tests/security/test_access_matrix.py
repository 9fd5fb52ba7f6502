"""The access matrix (issue 14): every page and API operation that names an object, asked for by
the people who must not see it — each officer of another agency, a citizen who does not own it,
anonymous — answers "not shown": 403 or 404 (a login redirect or 401 for anonymous; 405 where the
method is not the page's), never 200 with the object, never a 500; and nothing of it changes.

``ROUTES`` is the one list: URL pattern name → the parameters naming agency A's object of that
kind (made once, in ``world.World``). A pattern naming an object (a parameter ``pk``, ``…_id`` or
``code``) that is not in ``ROUTES`` fails ``test_every_route_naming_an_object_is_listed``: a new
page is covered by adding one line. ``PUBLIC_OBJECTS`` are pages about public things (a kiosk, a
procedure, a unit's published figures): anyone may open them, and they must not fail.

Patterns naming no object: anonymous is sent to log in, except on ``PUBLIC_PAGES``.

Province-wide roles (reform manager, inspector, administrator) see agency A's reform records by
design, and are not visitors here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from motcua.org.tokens import issue_token

from .world import World, fields_of

pytestmark = pytest.mark.django_db

Params = Callable[[World], dict]
DOSSIER: Params = lambda w: {"dossier_id": w.dossier.pk}  # noqa: E731
EDITION: Params = lambda w: {"pk": w.edition.pk}  # noqa: E731
ASSESSMENT: Params = lambda w: {"pk": w.assessment.pk}  # noqa: E731
DECISION: Params = lambda w: {"decision_id": w.decision.pk}  # noqa: E731
VISIT: Params = lambda w: {"visit_id": w.visit.pk}  # noqa: E731
DIRECTIVE: Params = lambda w: {"directive_id": w.directive.pk}  # noqa: E731
AGENCY: Params = lambda w: {"agency_id": w.a.pk}  # noqa: E731

DOSSIER_ACTIONS = [
    "accept",
    "refuse_reception",
    "request_supplement",
    "complete_supplement",
    "assign",
    "forward",
    "send_back",
    "note",
    "hand_off",
    "hand_back",
    "route",
    "route_done",
    "approve",
    "request_obligation",
    "fulfil_obligation",
    "apology",
    "request_extension",
    "apply_extension",
    "propose_supplement",
    "close",
    "transfer_paper",
    "issue_result",
    "refuse",
    "return_result",
    "request_correction",
    "issue_correction",
    "return_correction",
    "withdraw",
    "stop",
    "redirect",
]

ROUTES: dict[str, Params] = {
    # ---- JSON API
    "api-v1:get_procedure": lambda w: {"code": w.version.procedure.code},
    "api-v1:read_dossier": DOSSIER,
    "api-v1:print_form": lambda w: {"dossier_id": w.dossier.pk, "number": "01"},
    **{f"api-v1:dossier_{action}": DOSSIER for action in DOSSIER_ACTIONS},
    # ---- one-stop desk
    "queue_ticket_action": lambda w: {"ticket_id": w.ticket.pk, "action": "bat-dau"},
    "queue_kiosk": AGENCY,
    "queue_checkin": AGENCY,
    "queue_display": AGENCY,
    "queue_display_fragment": AGENCY,
    "queue_booking": AGENCY,
    # ---- feedback
    "petition_public": AGENCY,
    "rating_new": DOSSIER,
    "petition_detail": lambda w: {"petition_id": w.petition.pk},
    "petition_act": lambda w: {"petition_id": w.petition.pk, "name": "publish"},
    # ---- citizen portal
    "portal_procedure": lambda w: {"procedure_id": w.version.procedure.pk},
    "portal_agency": AGENCY,
    "portal_submit": lambda w: {"procedure_id": w.version.procedure.pk},
    "portal_mine_detail": DOSSIER,
    "portal_result": DOSSIER,
    "portal_supplement": lambda w: {"dossier_id": w.waiting.pk},
    "portal_stop": DOSSIER,
    "portal_adjust": DOSSIER,
    # ---- indicators
    "indicator_public": lambda w: {"unit_id": w.a.unit_id},
    # ---- reform: PAR-INDEX
    "parindex_edition": EDITION,
    "parindex_points": EDITION,
    "parindex_import": EDITION,
    "parindex_participant": EDITION,
    "parindex_publish": EDITION,
    "parindex_close": EDITION,
    "parindex_results": EDITION,
    "parindex_copy": EDITION,
    "parindex_survey": EDITION,
    "parindex_ranking": EDITION,
    "parindex_assessment": ASSESSMENT,
    "parindex_submit": ASSESSMENT,
    "parindex_council": ASSESSMENT,
    "parindex_evidence_upload": lambda w: {"pk": w.assessment.pk, "score_id": w.score.pk},
    "parindex_evidence": lambda w: {"pk": w.evidence.pk},
    # ---- reform: plans
    "plans_detail": lambda w: {"plan_id": w.plan.pk},
    "plans_xlsx": lambda w: {"plan_id": w.plan.pk},
    "plans_task": lambda w: {"task_id": w.task.pk},
    "plans_evidence": lambda w: {"evidence_id": w.task_evidence.pk},
    "plans_report": lambda w: {"report_id": w.report.pk},
    "plans_report_file": lambda w: {"submission_id": w.submission.pk},
    # ---- reform: inspections
    "inspection_decision": DECISION,
    "inspection_decision_issue": DECISION,
    "inspection_member_add": DECISION,
    "inspection_member_remove": lambda w: {"decision_id": w.decision.pk, "member_id": w.member.pk},
    "inspection_visit_add": DECISION,
    "inspection_notice_new": DECISION,
    "inspection_notice_pdf": DECISION,
    "inspection_visit": VISIT,
    "inspection_visit_start": VISIT,
    "inspection_visit_findings": VISIT,
    "inspection_visit_reconcile": VISIT,
    "inspection_visit_breach": VISIT,
    "inspection_visit_close": VISIT,
    "inspection_directive": DIRECTIVE,
    "inspection_directive_report": DIRECTIVE,
    "inspection_directive_confirm": DIRECTIVE,
    "inspection_directive_return": DIRECTIVE,
    "inspection_directive_evidence": DIRECTIVE,
    # ---- officers' dossier pages
    "dossier_detail": DOSSIER,
    "dossier_act": lambda w: {"dossier_id": w.dossier.pk, "name": "assign"},
    "dossier_form": lambda w: {"dossier_id": w.dossier.pk, "number": "01"},
    "dossier_file": lambda w: {"dossier_id": w.dossier.pk, "file_id": w.file.pk},
    # ---- payments
    "payment_start": DOSSIER,
    "payment_cash": DOSSIER,
    "payment_receipt": lambda w: {"payment_id": w.payment.pk},
    # ---- administration: one line a model (its change, delete, history pages and their redirect)
    "admin:view_on_site": lambda w: {
        "content_type_id": ContentType.objects.get_for_model(w.dossier).pk,
        "object_id": w.dossier.pk,
    },
}

# The administration's object pages, by model: agency A's object of that kind, or None where the
# world holds none (a row of nobody's: the answer must still be a refusal, never a 500).
ADMIN_OBJECTS: dict[str, Callable[[World], object | None]] = {
    "auth.group": lambda w: None,
    "calendar.calendaroverride": lambda w: None,
    "org.unitlevel": lambda w: w.a.unit.level,
    "org.administrativeunit": lambda w: w.a.unit,
    "org.agency": lambda w: w.a,
    "org.user": lambda w: w.desk_a,
    "org.applicant": lambda w: w.dossier.applicant,
    "org.membership": lambda w: w.desk_a.memberships.first(),
    "catalog.field": lambda w: w.version.procedure.field,
    "catalog.procedure": lambda w: w.version.procedure,
    "catalog.procedureversion": lambda w: w.version,
    "catalog.processtemplate": lambda w: w.version.procedure.processes.first(),
    "dossiers.dossier": lambda w: w.dossier,
    "dossiers.dossierevent": lambda w: w.dossier.events.first(),
    "desk.servicecounter": lambda w: w.counter,
    "desk.queueticket": lambda w: w.ticket,
    "desk.booking": lambda w: w.booking,
    "payments.payment": lambda w: w.payment,
    "feedback.rating": lambda w: w.rating,
    "feedback.petition": lambda w: w.petition,
    "integrations.notification": lambda w: _first("integrations.Notification"),
    "integrations.syncitem": lambda w: _first("integrations.SyncItem"),
    "integrations.portalsubmission": lambda w: None,
    "indicators.target": lambda w: None,
    "reform_plans.reformplan": lambda w: w.plan,
    "reform_plans.plantask": lambda w: w.task,
    "reform_plans.reportdeadline": lambda w: w.report.deadline,
    "reform_plans.periodicreport": lambda w: w.report,
    "reform_plans.reportsubmission": lambda w: w.submission,
    "reform_plans.taskreminder": lambda w: None,
    "reform_parindex.framework": lambda w: w.edition.framework,
    "reform_parindex.edition": lambda w: w.edition,
    "reform_parindex.participant": lambda w: w.edition.participants.first(),
    "reform_parindex.criterion": lambda w: w.score.criterion,
    "reform_parindex.assessment": lambda w: w.assessment,
    "reform_parindex.score": lambda w: w.score,
    "reform_parindex.evidence": lambda w: w.evidence,
    "reform_inspections.checklist": lambda w: w.decision.checklist,
    "reform_inspections.checklistarea": lambda w: w.decision.checklist.areas.first(),
    "reform_inspections.decision": lambda w: w.decision,
    "reform_inspections.visit": lambda w: w.visit,
    "reform_inspections.finding": lambda w: w.visit.findings.first(),
    "reform_inspections.reconciliation": lambda w: _first("reform_inspections.Reconciliation"),
    "reform_inspections.breach": lambda w: None,
    "reform_inspections.notice": lambda w: w.decision.notice,
    "reform_inspections.directive": lambda w: w.directive,
    "auditlog.logentry": lambda w: _first("auditlog.LogEntry"),
    "audit.personaldataaccess": lambda w: _first("audit.PersonalDataAccess"),
    "django_tasks_database.dbtaskresult": lambda w: None,
    "axes.accessattempt": lambda w: _first("axes.AccessAttempt"),
    "axes.accesslog": lambda w: _first("axes.AccessLog"),
    "axes.accessfailurelog": lambda w: _first("axes.AccessFailureLog"),
    "otp_totp.totpdevice": lambda w: w.totp,
    "signin.secondfactorrole": lambda w: _first("signin.SecondFactorRole"),
    "portal.identityproof": lambda w: _first("portal.IdentityProof", user=w.owner),
}
MISSING = 987654321  # the id asked for where the world holds no object of that model

# Pages about public things: open to anyone by design (checked for "no server error" only).
PUBLIC_OBJECTS = {
    "api-v1:get_procedure",
    "queue_kiosk",
    "queue_checkin",
    "queue_display",
    "queue_display_fragment",
    "queue_booking",
    "petition_public",
    "portal_procedure",
    "portal_agency",
    "portal_submit",  # a procedure's online form: every citizen's to fill in
    "indicator_public",
    # The province's report schedule (its periods and due dates) is every unit's to read.
    "admin:reform_plans.reportdeadline",
}

# Pages naming no object that anonymous may open; every other one sends them to log in.
PUBLIC_PAGES = {
    "home",
    "track",
    "login",
    "logout",
    "portal_catalogue",
    "portal_register",
    "portal_login",
    "portal_oidc_start",
    "portal_oidc_callback",
    "vneid_sim_authorize",
    "vneid_sim_token",
    "petition_new",
    "petition_status",
    "payment_return",
    "payment_ipn",
    "payment_simulator",
    "portal_receive_online",
    "portal_simulator_items",
    "portal_simulator_control",
    "portal_receive_request",
    "portal_simulator_request",
    "set_language",
    "api-v1:openapi-json",
    "api-v1:openapi-view",
    "api-v1:api-root",
    "api-v1:list_procedures",
    "api-v1:compute_due",
    "admin:login",
    "admin:logout",
    None,  # the unnamed ones: /api/docs (a redirect to the API docs) and the admin's catch-all
}
# Values for the parameters of patterns that name no object.
SAMPLE = {"provider": "simulator", "app_label": "dossiers", "url": "khong-co/"}
LOGIN_PATHS = {"/dang-nhap/", "/cong-dan/dang-nhap/", "/admin/login/"}
# A body every API action accepts (each reads the fields it knows): the request then reaches the
# check of who may act, which is what is tried here.
API_BODY = {
    "note": "thử",
    "items": ["thử"],
    "reason": "thử",
    "assignee": "a-specialist",
    "to_user": "a-specialist",
    "agency": "000.00.07.H56",
    "method": "desk",
    "receiver": "thử",
    "new_due_at": "2026-12-31T10:00:00+07:00",
    "amount_vnd": 1000,
    "guidance": "thử",
    "legs": [],
    "description": "thử",
    "found_by": "desk",
}


def _first(label: str, **filters):
    from django.apps import apps

    return apps.get_model(label).objects.filter(**filters).order_by("pk").first()


# --------------------------------------------------------------------------------- the patterns


def patterns():
    """(route, name, parameter names) of every URL pattern, the included ones too."""

    def walk(resolver, prefix, namespace):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                ns = ":".join(filter(None, [namespace, p.namespace]))
                yield from walk(p, prefix + str(p.pattern), ns or None)
            elif isinstance(p, URLPattern):
                name = f"{namespace}:{p.name}" if namespace and p.name else p.name
                params = list(p.pattern.regex.groupindex)
                yield prefix + str(p.pattern), name, params

    return list(walk(get_resolver(), "", None))


def names_an_object(params: list[str]) -> bool:
    return any(p in {"pk", "id", "code"} or p.endswith("_id") for p in params)


def admin_model(route: str, name: str | None) -> str | None:
    """``admin/<app>/<model>/<…id>/…`` → ``app.model`` (the pages of one object of a model)."""
    parts = route.split("/")
    if not route.startswith("admin/") or name == "admin:view_on_site" or len(parts) < 4:
        return None
    return f"{parts[1]}.{parts[2]}" if re.fullmatch(r"<[^>]+>", parts[3]) else None


def url_for(route: str, name: str | None, params: list[str], world: World) -> str:
    model = admin_model(route, name)
    if model is not None:
        obj = ADMIN_OBJECTS[model](world)
        return "/" + re.sub(r"<[^>]+>", str(obj.pk if obj is not None else MISSING), route)
    values = ROUTES[name](world) if name in ROUTES else {p: SAMPLE[p] for p in params}
    return reverse(name, kwargs=values)


# --------------------------------------------------------------------------------- the visitors


def visitors(world: World) -> dict[str, Client]:
    """Each officer of agency B (one a role), B's desk officer through the API with a token, a
    citizen who owns nothing of A's, and anonymous. CSRF is off, as for an attacker with a session."""
    clients = {}
    for role, user in world.staff_b.items():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients[f"B {role}"] = client
    token = issue_token(world.staff_b["desk_officer"], "ma-tran")
    clients["B desk_officer (token)"] = Client(
        raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    citizen = Client(raise_request_exception=False)
    citizen.force_login(world.citizen)
    clients["citizen"] = citizen
    clients["anonymous"] = Client(raise_request_exception=False)
    return clients


def refused(response, who: str, *, admin: bool) -> bool:
    """Not shown: 403/404 (405 for a method the route does not take); a login redirect or 401 for
    anonymous; in the administration also its redirect away from an object one may not see."""
    status = response.status_code
    if status in {401, 403, 404, 405}:
        return True
    if status == 302:
        target = urlsplit(response["Location"]).path
        return admin or (who == "anonymous" and target in LOGIN_PATHS)
    return False


def ask(client: Client, method: str, url: str):
    if method == "GET":
        return client.get(url)
    if url.startswith("/api/"):
        return client.post(url, json.dumps(API_BODY), content_type="application/json")
    return client.post(url, {})


# --------------------------------------------------------------------------------- the tests


def test_every_route_naming_an_object_is_listed():
    missing = []
    for route, name, params in patterns():
        if not names_an_object(params):
            continue
        model = admin_model(route, name)
        if model is not None:
            if model not in ADMIN_OBJECTS:
                missing.append(f"{route} (add the model {model} to ADMIN_OBJECTS)")
        elif name not in ROUTES:
            missing.append(f"{route} (add {name!r} to ROUTES)")
    assert not missing, "Pages naming an object that the access matrix does not try:\n" + "\n".join(missing)


def test_every_api_operation_naming_an_object_is_listed():
    from django.urls import resolve

    from motcua.api import api

    missing = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        if "{" not in path:
            continue
        sample = path.replace("{dossier_id}", "1").replace("{number}", "01").replace("{code}", "x")
        name = resolve(sample).view_name
        if name not in ROUTES:
            missing.append(f"{' '.join(operations).upper()} {path} ({name})")
    assert not missing, "API operations naming an object that the access matrix does not try:\n" + "\n".join(
        missing
    )


def test_nobody_else_sees_or_changes_agency_as_objects():
    world = World()
    before = {(type(o).__name__, o.pk): fields_of(o) for o in world.objects()}
    clients = visitors(world)
    leaks = []
    for route, name, params in patterns():
        if not names_an_object(params):
            continue
        url = url_for(route, name, params, world)
        admin = route.startswith("admin/")
        public = name in PUBLIC_OBJECTS or f"admin:{admin_model(route, name)}" in PUBLIC_OBJECTS
        for who, client in clients.items():
            if who.endswith("(token)") and not url.startswith("/api/"):
                continue
            if admin and who == "citizen":  # not staff: the administration treats them as anonymous
                continue
            for method in ("GET", "POST"):
                response = ask(client, method, url)
                if response.status_code >= 500:
                    leaks.append(f"{method} {url} as {who}: {response.status_code} (server error)")
                elif public:
                    continue
                elif not refused(response, who, admin=admin):
                    leaks.append(f"{method} {url} as {who}: {response.status_code}")
    after = {(type(o).__name__, o.pk): fields_of(o) for o in world.objects()}
    changed = [
        f"{kind} #{pk} changed" for (kind, pk), fields in before.items() if after[(kind, pk)] != fields
    ]
    assert not leaks + changed, "Agency A's objects reached by others:\n" + "\n".join(leaks + changed)


# Routes nobody can open in this world (checked above all the same): the PAR-INDEX ranking before
# the results are published, the signed result of a dossier that has none yet, an online form of
# a procedure not offered online.
NOT_OPEN_IN_THIS_WORLD = {"parindex_ranking", "portal_result", "portal_submit"}


def test_the_matrix_asks_for_real_objects():
    """The same addresses open for the people they belong to — A's officers, the province's reform
    staff, the applicant — so the refusals above are refusals, not addresses of nothing."""
    world = World()
    insiders = [*world.staff_a.values(), world.manager, world.inspector, world.owner]
    clients = []
    for user in insiders:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)
    unopened = []
    for route, name, params in patterns():
        if not names_an_object(params) or route.startswith("admin/") or name in NOT_OPEN_IN_THIS_WORLD:
            continue
        url = url_for(route, name, params, world)
        statuses = {client.get(url).status_code for client in clients}
        if 405 not in statuses and 200 not in statuses:  # a POST-only route answers GET with 405
            unopened.append(f"GET {url}: {sorted(statuses)} for every insider")
    assert not unopened, "\n".join(unopened)


def test_anonymous_is_sent_to_log_in_on_every_officer_page(db):
    shown = []
    client = Client(raise_request_exception=False)
    for _route, name, params in patterns():
        if names_an_object(params) or name in PUBLIC_PAGES:
            continue
        url = reverse(name, kwargs={p: SAMPLE[p] for p in params})
        response = client.get(url)
        if response.status_code >= 500:
            shown.append(f"GET {url}: {response.status_code} (server error)")
        elif not refused(response, "anonymous", admin=False):
            shown.append(f"GET {url}: {response.status_code}")
    assert not shown, "Officer pages anonymous may open:\n" + "\n".join(shown)


def test_the_public_pages_open_without_a_login(db):
    client = Client(raise_request_exception=False)
    failing = []
    for route, name, params in patterns():
        if name in PUBLIC_PAGES and name is not None and not names_an_object(params):
            response = client.get(reverse(name, kwargs={p: SAMPLE[p] for p in params}))
            if response.status_code >= 500:
                failing.append(f"GET {route}: {response.status_code}")
    assert not failing, "\n".join(failing)
