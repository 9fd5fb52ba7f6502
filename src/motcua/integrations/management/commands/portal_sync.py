import threading

from django.core.management.base import BaseCommand

from motcua.integrations.portal_sync.worker import sweep_forever, sweep_once


class Command(BaseCommand):
    help = (
        "Gửi các mục đồng bộ lên Cổng DVCQG đến lượt gửi (theo thứ tự từng hồ sơ); --loop để chạy liên tục."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500, help="số hồ sơ tối đa mỗi lượt")
        parser.add_argument("--loop", action="store_true", help="chạy liên tục (bộ quét)")
        parser.add_argument(
            "--backfill", action="store_true", help="tạo bản đồng bộ cho hồ sơ chưa từng gửi lên Cổng"
        )
        parser.add_argument("--every", type=float, default=10.0, help="số giây giữa hai lượt quét")

    def handle(self, *, limit: int, loop: bool, every: float, backfill: bool, **options):
        if backfill:
            from motcua.integrations.portal_sync.outbox import backfill as queue_missing

            self.stdout.write(f"Đã tạo {queue_missing(limit)} bản đồng bộ cho hồ sơ chưa gửi lên Cổng.")
        if loop:
            stop = threading.Event()
            try:
                sweep_forever(every, stop, limit)
            except KeyboardInterrupt:
                stop.set()
            return
        outcomes = sweep_once(limit)
        self.stdout.write(
            f"Đã gửi {outcomes.get('sent', 0)}, lỗi sẽ thử lại {outcomes.get('failed', 0)}, "
            f"ngừng gửi {outcomes.get('dead', 0)}."
        )
