from django.core.management.base import BaseCommand

from motcua.integrations.notifications.delivery import deliver_due
from motcua.integrations.task_leases import reclaim_abandoned


class Command(BaseCommand):
    help = (
        "Gửi các thông báo (thư điện tử, SMS) đến lượt gửi hoặc gửi lại; "
        "chạy định kỳ nếu không dùng «motcua worker»."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500, help="số thông báo tối đa mỗi lần chạy")

    def handle(self, *, limit: int, **options):
        reclaimed = reclaim_abandoned()
        if reclaimed:
            self.stdout.write(f"Đưa lại vào hàng đợi {reclaimed} tác vụ bị bỏ dở.")
        outcomes = deliver_due(limit=limit)
        self.stdout.write(
            f"Đã gửi {outcomes.get('sent', 0)}, lỗi sẽ thử lại {outcomes.get('failed', 0)}, "
            f"ngừng gửi {outcomes.get('dead', 0)}."
        )
