"""``motcua manage rebuild_facts [--check] [--from YYYY-MM-DD] [--to YYYY-MM-DD]``."""

from datetime import date

from django.core.management.base import BaseCommand

from motcua.indicators.rebuild import rebuild


class Command(BaseCommand):
    help = (
        "Tính lại số liệu chỉ số từ nhật ký hồ sơ, thanh toán, đánh giá; in mọi chênh lệch với số liệu "
        "đang có (mã thoát 1 nếu có). --check: chỉ kiểm tra, không thay đổi."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="chỉ so sánh, không ghi")
        parser.add_argument("--from", dest="from_date", type=date.fromisoformat, default=None)
        parser.add_argument("--to", dest="to_date", type=date.fromisoformat, default=None)

    def handle(self, *args, check=False, from_date=None, to_date=None, **options):
        differences = rebuild(from_date, to_date, check=check)
        for difference in differences:
            self.stdout.write(str(difference))
        if differences:
            done = "chưa thay đổi gì (--check)" if check else "đã thay bằng số liệu tính lại"
            self.stderr.write(f"{len(differences)} chênh lệch; {done}.")
            raise SystemExit(1)
        self.stdout.write("Số liệu chỉ số khớp với nhật ký hồ sơ.")
