"""The JSON form of the catalogue file: same fields as procedures.yaml."""

import json

import pytest

from motcua.catalog.importers import import_catalog
from motcua.catalog.models import ProcedureVersion

from .factories import record

pytestmark = pytest.mark.django_db


def write_json(path, records):
    path.write_text(json.dumps({"procedures": records}, ensure_ascii=False), encoding="utf-8")
    return path


def test_json_imports_like_yaml(tmp_path):
    report = import_catalog(write_json(tmp_path / "catalog.json", [record()]))
    assert (report.ok, report.created) == (True, 1)
    version = ProcedureVersion.objects.get(procedure__code="1.001193")
    assert (version.time_limit, version.time_limit_unit) == (3, "working_days")


def test_json_errors_name_the_record_number(tmp_path):
    records = [record(), record(id="b", code="1.000002", level="")]
    report = import_catalog(write_json(tmp_path / "catalog.json", records))
    assert [(e.source, e.row, e.field) for e in report.errors] == [("b", 2, "level")]


def test_a_published_version_cannot_be_turned_back_into_a_draft(tmp_path):
    import_catalog(write_json(tmp_path / "catalog.json", [record()]))
    report = import_catalog(write_json(tmp_path / "again.json", [record(status="draft")]))
    assert [e.field for e in report.errors] == ["status"]
    assert ProcedureVersion.objects.get().status == "published"
