import json
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError

from motcua.integrations.portal_sync.reconcile import reconcile
from motcua.org.models import Agency


class Command(BaseCommand):
    help = "Đối soát với Cổng DVCQG theo kỳ: hồ sơ thiếu, lệch trạng thái; tỷ lệ hồ sơ được đồng bộ."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", type=date.fromisoformat, help="ngày đầu kỳ (YYYY-MM-DD)")
        parser.add_argument("--to", dest="end", type=date.fromisoformat, help="ngày cuối kỳ (YYYY-MM-DD)")
        parser.add_argument("--agency", action="append", default=[], help="mã định danh cơ quan (lặp được)")
        parser.add_argument("--source", choices=["portal", "outbox"], default="portal")
        parser.add_argument("--json", action="store_true", help="in toàn bộ báo cáo dạng JSON")

    def handle(self, *, start, end, agency, source, json: bool = False, **options):
        agency_ids = None
        if agency:
            agency_ids = list(Agency.objects.filter(identifier_code__in=agency).values_list("pk", flat=True))
            if len(agency_ids) != len(set(agency)):
                raise CommandError("Có mã cơ quan không tồn tại.")
        try:
            report = reconcile(agency_ids, start, end, source=source)
        except NotImplementedError as exc:
            raise CommandError(f"{exc}; dùng --source outbox") from exc
        if json:
            self.stdout.write(_dumps(report.as_dict()))
            return
        last_day = report.period_end - timedelta(microseconds=1)
        rate = "—" if report.rate is None else f"{report.rate:.2f}%"
        self.stdout.write(
            f"Kỳ {report.period_start:%d/%m/%Y} – {last_day:%d/%m/%Y}: tiếp nhận {report.received}, "
            f"đã đồng bộ {report.synchronised} ({rate})."
        )
        for row in report.missing:
            self.stdout.write(
                f"  {row['code'] or row['sync_key']}: {row['reason']} (hệ thống {row['status']}, "
                f"Cổng {row['portal_status']}, hàng đợi {row['outbox_state']}) {row['outbox_error']}".rstrip()
            )
        for key in report.unknown_on_portal:
            self.stdout.write(f"  {key}: có trên Cổng, không có trong hệ thống")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)
