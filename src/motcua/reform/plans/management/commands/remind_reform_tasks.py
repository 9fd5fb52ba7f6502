"""``motcua manage remind_reform_tasks``: e-mail today's reminders about reform tasks."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.reform.plans.reminders import DEFAULT_WITHIN_DAYS, send_reminders


class Command(BaseCommand):
    help = (
        "Nhắc việc các nhiệm vụ cải cách hành chính sắp đến hạn hoặc quá hạn (mỗi nhiệm vụ một lần mỗi ngày)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_WITHIN_DAYS,
            help="nhắc các nhiệm vụ đến hạn trong số ngày làm việc này (mặc định 3)",
        )
        parser.add_argument("--date", help="ngày chạy, dạng YYYY-MM-DD (mặc định hôm nay)")

    def handle(self, *args, days: int, date: str | None = None, **options):
        today = None
        if date:
            try:
                today = _parse(date)
            except ValueError:
                raise CommandError(
                    _("Ngày không hợp lệ, cần dạng YYYY-MM-DD: %(value)s") % {"value": date}
                ) from None
        if days < 0:
            raise CommandError(_("Số ngày làm việc không được âm."))
        sent = send_reminders(today, days)
        self.stdout.write(_("Đã gửi %(n)s thư nhắc việc.") % {"n": sent})


def _parse(text: str) -> date:
    return date.fromisoformat(text)
