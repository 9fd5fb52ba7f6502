"""``motcua manage generate_province --dossiers 1000000 [--seed N] [--years 1] [--workers 2] [--now ISO]``.

Loads the demo province (migrations, catalogue, Hải Phòng's agencies and officers) and fills
PostgreSQL with a province of dossiers and their events in bulk (``indicators.bulk``), facts
included. PostgreSQL only: the bulk path is built on ``COPY``.
"""

import time
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

SQLITE_REFUSAL = (
    "Lệnh generate_province chỉ chạy trên PostgreSQL (nạp hàng loạt bằng COPY). "
    "Cơ sở dữ liệu hiện tại là {vendor}: hãy đặt DATABASE_URL=postgres://… rồi chạy lại. "
    "Với SQLite, dùng `motcua demo --dossiers=N` (qua các dịch vụ nghiệp vụ, chậm hơn)."
)


class Command(BaseCommand):
    help = (
        "Sinh một tỉnh mẫu quy mô lớn (mặc định 1.000.000 hồ sơ trong 12 tháng) cùng nhật ký xử lý và "
        "số liệu chỉ số, nạp hàng loạt vào PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, default=1_000_000, help="số hồ sơ cần sinh")
        parser.add_argument("--seed", type=int, default=2026, help="hạt giống ngẫu nhiên (tái lập được)")
        parser.add_argument("--years", type=int, default=1, help="số năm lịch sử tính đến hôm nay")
        parser.add_argument("--workers", type=int, default=None, help="số tiến trình sinh (mặc định ≤ 2)")
        parser.add_argument(
            "--now",
            default=None,
            help="thời điểm coi là hiện tại, ISO 8601 có múi giờ (mặc định: bây giờ); cùng hạt giống "
            "và cùng thời điểm cho cùng một tỉnh",
        )

    def handle(self, *args, dossiers, seed, years, workers, now=None, **options):
        if connection.vendor != "postgresql":
            raise CommandError(SQLITE_REFUSAL.format(vendor=connection.vendor))
        if dossiers < 1 or years < 1:
            raise CommandError("Số hồ sơ và số năm phải là số nguyên dương.")
        moment = None
        if now:
            try:
                moment = datetime.fromisoformat(now)
            except ValueError:
                moment = None
            if moment is None or moment.tzinfo is None:
                raise CommandError(f"Thời điểm --now không hợp lệ: «{now}» (ví dụ 2026-12-06T14:00+07:00).")
        from motcua import demo
        from motcua.indicators.bulk import generate

        started = time.perf_counter()
        province, _ = demo.load()
        self.stdout.write(f"Đã nạp tỉnh mẫu {province.unit.name} ({time.perf_counter() - started:.1f} s).")
        self.stdout.flush()

        def say(line: str) -> None:
            self.stdout.write(line)
            self.stdout.flush()

        report = generate(province, dossiers, seed=seed, years=years, now=moment, workers=workers, report=say)
        phases = ", ".join(f"{k} {v:.0f} s" for k, v in report.phases.items())
        self.stdout.write(
            f"Đã sinh {report.dossiers:,} hồ sơ, {report.events:,} sự kiện, {report.participations:,} lượt "
            f"tham gia, {report.daily_facts:,} dòng số liệu ngày, {report.step_facts:,} dòng số liệu bước "
            f"trong {report.seconds:.1f} s (mốc: {phases})."
        )
        self.stdout.write(f"Tổng thời gian: {time.perf_counter() - started:.1f} s.")
