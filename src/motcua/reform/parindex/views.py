"""Pages of the PAR-INDEX: editions, the edition editor, a unit's self-assessment, the council's
adjustments, the survey import, the ranking and the exports. Every write calls ``services``."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.dossiers.errors import DossierError
from motcua.org.models import AdministrativeUnit, Agency
from motcua.reform import access

from . import exports, importing, selectors, services
from .measuring import METRIC_LABELS
from .models import AssessmentState, EditionState, Score


def _error(request, exc: DossierError) -> None:
    messages.error(request, exc.message)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _manager_edition(request, pk: int):
    edition = selectors.get_edition(request.user, pk)
    if not selectors.managed(request.user, edition):
        raise Http404(_("Không tìm thấy kỳ đánh giá."))
    return edition


def _upload(request, name: str) -> tuple[str, bytes] | None:
    f = request.FILES.get(name)
    return (f.name, f.read()) if f else None


@access.reform_required
def home(request):
    """Danh sách kỳ đánh giá; the province manager creates one from a template or a file."""
    user = request.user
    units = AdministrativeUnit.objects.filter(pk__in=access.managed_unit_ids(user))
    roots = [u for u in units if u.parent_id is None or u.parent_id not in {x.pk for x in units}]
    if request.method == "POST":
        if not access.is_manager(user):
            raise Http404
        try:
            edition = services.create_edition(
                user,
                unit_id=_int(request.POST.get("don_vi")) or 0,
                year=_int(request.POST.get("nam")) or 0,
                template=request.POST.get("mau", ""),
                upload=_upload(request, "tep"),
                framework_name=request.POST.get("ten", ""),
            )
        except DossierError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Đã tạo kỳ đánh giá năm %(y)d.") % {"y": edition.year})
            return redirect("parindex_edition", pk=edition.pk)
    own = access.own_agency_ids(user)
    editions = list(selectors.editions_for(user))
    mine = {
        a.edition_id: a
        for a in selectors.Assessment.objects.filter(edition__in=editions, agency_id__in=own).select_related(
            "agency"
        )
    }
    rows = [
        {"edition": e, "assessment": mine.get(e.pk), "managed": selectors.managed(user, e)} for e in editions
    ]
    return render(
        request,
        "reform/parindex/home.html",
        {
            "rows": rows,
            "is_manager": access.is_manager(user),
            "templates": importing.template_files(),
            "units": roots,
            "this_year": date.today().year,
        },
    )


@access.reform_required
def edition_detail(request, pk: int):
    user = request.user
    edition = selectors.get_edition(user, pk)
    managed = selectors.managed(user, edition)
    own = access.own_agency_ids(user)
    context = {
        "edition": edition,
        "managed": managed,
        "bands": list(edition.bands.all()),
        "criteria": list(edition.criteria.select_related("parent").order_by("order")),
        "my_assessments": list(edition.assessments.filter(agency_id__in=own).select_related("agency")),
        "metric_labels": METRIC_LABELS,
        "States": EditionState,
    }
    if managed:
        context["progress"] = selectors.progress(edition)
        context["unset"] = services.unset_points(edition)
        context["agencies"] = Agency.objects.filter(pk__in=access.managed_agency_ids(user)).exclude(
            pk__in=edition.participants.values("agency_id")
        )
    return render(request, "reform/parindex/edition.html", context)


def _manager_post(request, pk: int, action, done: str):
    edition = _manager_edition(request, pk)
    try:
        action(edition)
    except DossierError as exc:
        _error(request, exc)
    else:
        messages.success(request, done)
    return redirect("parindex_edition", pk=edition.pk)


@require_POST
@access.manager_required
def edition_points(request, pk: int):
    values = {int(k[4:]): v for k, v in request.POST.items() if k.startswith("max_") and k[4:].isdigit()}
    return _manager_post(
        request, pk, lambda e: services.set_max_points(request.user, e, values), _("Đã lưu điểm tối đa.")
    )


@require_POST
@access.manager_required
def edition_import(request, pk: int):
    upload = _upload(request, "tep")

    def run(edition):
        if upload is None:
            raise services.InvalidInput(_("Chọn tệp bộ tiêu chí (YAML hoặc Excel)."))
        services.import_criteria(request.user, edition, *upload)

    return _manager_post(request, pk, run, _("Đã nhập bộ tiêu chí."))


@require_POST
@access.manager_required
def edition_participant(request, pk: int):
    def run(edition):
        agency = Agency.objects.filter(pk=_int(request.POST.get("co_quan"))).first()
        if agency is None:
            raise services.InvalidInput(_("Chọn cơ quan."))
        services.add_participant(request.user, edition, agency, request.POST.get("nhom", ""))

    return _manager_post(request, pk, run, _("Đã thêm đơn vị được đánh giá."))


@require_POST
@access.manager_required
def edition_publish(request, pk: int):
    def run(edition):
        try:
            deadline = date.fromisoformat(request.POST.get("han", ""))
        except ValueError:
            deadline = None
        services.publish(request.user, edition, deadline)

    return _manager_post(request, pk, run, _("Đã công bố bộ tiêu chí; các đơn vị bắt đầu tự đánh giá."))


@require_POST
@access.manager_required
def edition_close(request, pk: int):
    return _manager_post(
        request,
        pk,
        lambda e: services.close_self_assessment(request.user, e),
        _("Đã kết thúc tự đánh giá; hội đồng thẩm định bắt đầu làm việc."),
    )


@require_POST
@access.manager_required
def edition_results(request, pk: int):
    return _manager_post(
        request, pk, lambda e: services.publish_results(request.user, e), _("Đã công bố kết quả xếp hạng.")
    )


@require_POST
@access.manager_required
def edition_copy(request, pk: int):
    edition = _manager_edition(request, pk)
    try:
        new = services.copy_edition(request.user, edition, _int(request.POST.get("nam")) or 0)
    except DossierError as exc:
        _error(request, exc)
        return redirect("parindex_edition", pk=edition.pk)
    messages.success(request, _("Đã sao chép sang năm %(y)d.") % {"y": new.year})
    return redirect("parindex_edition", pk=new.pk)


@access.manager_required
def survey(request, pk: int):
    edition = _manager_edition(request, pk)
    if request.method == "POST":
        upload = _upload(request, "tep")
        try:
            if upload is None:
                raise services.InvalidInput(_("Chọn tệp điểm điều tra xã hội học (.xlsx hoặc .csv)."))
            n = services.import_survey(request.user, edition, *upload)
        except DossierError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Đã nhập %(n)d điểm điều tra xã hội học.") % {"n": n})
            return redirect("parindex_edition", pk=edition.pk)
    criteria = [c for c in services.leaves(edition) if c.survey]
    return render(request, "reform/parindex/survey.html", {"edition": edition, "criteria": criteria})


@access.reform_required
def ranking(request, pk: int):
    user = request.user
    edition = selectors.get_edition(user, pk)
    managed = selectors.managed(user, edition)
    if not (edition.state == EditionState.RESULTS or (managed and edition.state == EditionState.APPRAISAL)):
        raise Http404(_("Kết quả chưa được công bố."))
    groups = selectors.ranking(edition)
    fmt = request.GET.get("dinh_dang")
    if fmt == "xlsx":
        return _file(exports.ranking_xlsx(edition, groups), exports.XLSX, f"xep-hang-{edition.year}.xlsx")
    if fmt == "pdf":
        return _file(exports.ranking_pdf(edition, groups), "application/pdf", f"xep-hang-{edition.year}.pdf")
    return render(request, "reform/parindex/ranking.html", {"edition": edition, "groups": groups})


def _file(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ------------------------------------------------------------------------------ assessment


def _assessment_page(request, assessment, *, council: bool):
    user = request.user
    edition = assessment.edition
    card = selectors.scorecard(assessment)
    managed = selectors.managed(user, edition)
    can_edit = (
        assessment.agency_id in access.own_agency_ids(user)
        and edition.state == EditionState.PUBLISHED
        and assessment.state == AssessmentState.DRAFT
    )
    for line in card.lines:
        line.metric_label = METRIC_LABELS.get(line.criterion.metric, "")
        line.editable = bool(can_edit and line.is_leaf and line.score and services.self_scored(line.score))
    return render(
        request,
        "reform/parindex/assessment.html",
        {
            "a": assessment,
            "edition": edition,
            "card": card,
            "can_edit": can_edit,
            "council": council and managed and edition.state == EditionState.APPRAISAL,
            "managed": managed,
            "problems": services.submit_problems(assessment) if can_edit else [],
            "metric_labels": METRIC_LABELS,
            "previous": selectors.previous_results(edition, assessment.agency_id),
        },
    )


@access.reform_required
def assessment_detail(request, pk: int):
    """The unit's form (self points, comment, evidence); read-only for everyone else allowed."""
    assessment = selectors.get_assessment(request.user, pk)
    if request.method == "POST":
        values = {}
        for key in request.POST:
            if key.startswith("diem_") and key[5:].isdigit():
                sid = int(key[5:])
                values[sid] = (request.POST.get(key, ""), request.POST.get(f"giai_trinh_{sid}", ""))
        try:
            services.save_self_scores(request.user, assessment, values)
        except DossierError as exc:
            _error(request, exc)
            return _assessment_page(request, assessment, council=False)
        messages.success(request, _("Đã lưu điểm tự chấm."))
        return redirect("parindex_assessment", pk=assessment.pk)
    fmt = request.GET.get("dinh_dang")
    if fmt in {"xlsx", "pdf"}:
        card = selectors.scorecard(assessment)
        name = f"phieu-cham-{assessment.edition.year}-{assessment.agency_id}.{fmt}"
        if fmt == "xlsx":
            return _file(exports.scorecard_xlsx(card), exports.XLSX, name)
        return _file(exports.scorecard_pdf(card), "application/pdf", name)
    return _assessment_page(request, assessment, council=False)


@require_POST
@access.reform_required
def assessment_evidence(request, pk: int, score_id: int):
    assessment = selectors.get_assessment(request.user, pk)
    score = get_object_or_404(Score, pk=score_id, assessment=assessment)
    try:
        services.add_evidence(request.user, assessment, score, request.FILES.get("tep"))
    except DossierError as exc:
        _error(request, exc)
    else:
        messages.success(
            request, _("Đã tải lên tài liệu kiểm chứng cho tiêu chí %(c)s.") % {"c": score.criterion.code}
        )
    return redirect("parindex_assessment", pk=assessment.pk)


@require_POST
@access.reform_required
def assessment_submit(request, pk: int):
    assessment = selectors.get_assessment(request.user, pk)
    try:
        services.submit(request.user, assessment)
    except DossierError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Đã gửi bản tự đánh giá."))
    return redirect("parindex_assessment", pk=assessment.pk)


@access.manager_required
def council(request, pk: int):
    """Hội đồng thẩm định: adjust one leaf with a reason; the original stays beside it."""
    assessment = selectors.get_assessment(request.user, pk)
    if not selectors.managed(request.user, assessment.edition):
        raise Http404
    if request.method == "POST":
        score = get_object_or_404(Score, pk=_int(request.POST.get("tieu_chi")), assessment=assessment)
        try:
            services.adjust(
                request.user,
                score,
                request.POST.get(f"tham_dinh_{score.pk}"),
                request.POST.get(f"ly_do_{score.pk}"),
            )
        except DossierError as exc:
            _error(request, exc)
            return _assessment_page(request, assessment, council=True)
        messages.success(request, _("Đã ghi điểm thẩm định tiêu chí %(c)s.") % {"c": score.criterion.code})
        return redirect("parindex_council", pk=assessment.pk)
    return _assessment_page(request, assessment, council=True)


@access.reform_required
def evidence_file(request, pk: int):
    evidence = selectors.get_evidence(request.user, pk)
    return FileResponse(evidence.file.open("rb"), content_type=evidence.content_type, filename=evidence.name)
