from django.core.management.base import BaseCommand, CommandError

from motcua.org.models import User
from motcua.org.tokens import issue_token


class Command(BaseCommand):
    help = "Cấp khóa truy cập API cho một tài khoản (khóa chỉ hiển thị một lần)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="api")

    def handle(self, username, name, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"Không có tài khoản «{username}».") from None
        self.stdout.write(issue_token(user, name))
