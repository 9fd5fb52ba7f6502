"""``motcua import-catalog FILE [--dry-run]``: load the procedure catalogue from a file.

Prints a one-line summary; each row error goes to stderr on its own line. Exit status 0 when
imported (or would be, with ``--dry-run``), 1 when rows have errors (nothing is written),
2 for bad usage or a file that cannot be read.
"""

import argparse
import sys
from typing import NoReturn

from django.utils.translation import gettext as _

EXIT_OK, EXIT_ROWS, EXIT_USAGE = 0, 1, 2


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="motcua import-catalog",
        description=_("Nhập danh mục thủ tục hành chính từ tệp .yaml, .json hoặc .xlsx."),
    )
    parser.add_argument("file", metavar="TỆP", help=_("tệp danh mục (.yaml, .yml, .json, .xlsx)"))
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help=_("chỉ kiểm tra và báo kết quả, không ghi vào cơ sở dữ liệu"),
    )
    return parser


def run_import(argv: list[str]) -> int:
    """Run the command with the arguments after ``import-catalog``; return the exit status."""
    from .importers import CatalogFileError, import_catalog

    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        print(_("Sai cú pháp lệnh: %(error)s") % {"error": exc}, file=sys.stderr)
        print(parser.format_usage().strip(), file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    try:
        report = import_catalog(args.file, dry_run=args.dry_run)
    except CatalogFileError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    for error in report.errors:
        print(str(error), file=sys.stderr)
    print(report.summary())
    return EXIT_OK if report.ok else EXIT_ROWS
