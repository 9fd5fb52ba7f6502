"""Survey scores from .xlsx/.csv: all or nothing, per-row messages, above the maximum refused."""

import pytest

from motcua.dossiers.errors import InvalidInput, NotAllowed
from motcua.reform.parindex import services

from .conftest import score
from .test_import_criteria import xlsx


def test_xlsx_by_identifier_code_and_csv_by_name(world):
    e = world.edition()
    data = xlsx(
        [["Cơ quan", "Mã tiêu chí", "Điểm"], ["000.00.03.D31", "2.1", 8.5], ["000.00.04.D31", "2.1", "6"]]
    )
    assert services.import_survey(world.manager, e, "dieu-tra.xlsx", data) == 2
    assert str(score(e, world.a, "2.1").survey_points) == "8.50"
    csv = "Cơ quan;Mã tiêu chí;Điểm\nSở Tư pháp;2.1;7,25\n".encode()
    services.import_survey(world.manager, e, "dieu-tra.csv", csv)
    assert str(score(e, world.department, "2.1").survey_points) == "7.25"


def test_bad_rows_refuse_the_whole_file(world):
    e = world.edition()
    data = xlsx(
        [
            ["Cơ quan", "Mã tiêu chí", "Điểm"],
            ["000.00.03.D31", "2.1", 8],
            ["Xã Không Có", "2.1", 5],
            ["000.00.04.D31", "2.1", 11],
            ["000.00.04.D31", "1.1", 1],
        ]
    )
    with pytest.raises(InvalidInput) as refused:
        services.import_survey(world.manager, e, "dieu-tra.xlsx", data)
    errors = refused.value.details["errors"]
    assert any(x.startswith("Dòng 3:") and "Xã Không Có" in x for x in errors)
    assert any(x.startswith("Dòng 4:") and "vượt quá điểm tối đa 10" in x for x in errors)
    assert any(x.startswith("Dòng 5:") and "không chấm bằng điều tra xã hội học" in x for x in errors)
    assert score(e, world.a, "2.1").survey_points is None  # row 2 was fine but nothing was written


def test_a_point_that_is_not_a_number_is_named(world):
    e = world.edition()
    data = xlsx([["Cơ quan", "Mã tiêu chí", "Điểm"], ["000.00.04.D31", "2.1", "nhiều"]])
    with pytest.raises(InvalidInput) as refused:
        services.import_survey(world.manager, e, "dieu-tra.xlsx", data)
    assert "Dòng 2: điểm “nhiều” không phải là số." in refused.value.message


def test_survey_after_results_is_refused(world):
    e = world.edition()
    services.close_self_assessment(world.manager, e)
    services.publish_results(world.manager, e)
    data = xlsx([["Cơ quan", "Mã tiêu chí", "Điểm"], ["000.00.03.D31", "2.1", 8]])
    with pytest.raises(NotAllowed):
        services.import_survey(world.manager, e, "dieu-tra.xlsx", data)
