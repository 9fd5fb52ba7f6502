import os
from datetime import date

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
application = get_wsgi_application()

# Ready before the first request (and shared by the workers of ``gunicorn --preload``).
from motcua.calendar.core import warm_up  # noqa: E402 — after Django is set up

warm_up(range(date.today().year - 1, date.today().year + 3))


def _announce_simulators() -> None:
    """A server with simulators on says so at start, on stderr, naming each one."""
    import sys

    from django.conf import settings

    from motcua.common.simulators import banner

    line = banner(settings.MOTCUA_SIMULATORS)
    if line:
        print(line, file=sys.stderr, flush=True)


_announce_simulators()
