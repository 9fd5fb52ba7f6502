"""Every dossier follows the rule set of its reception date (Decree 61/2018 before 1/7/2025, 118 after)."""

import importlib

import pytest

from motcua.dossiers import rules
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Channel
from tests.dossiers.conftest import receive, vn


def test_the_last_minute_of_june_2025_is_old_and_midnight_is_new():
    # 1/7/2025 00:00 in Vietnam is 30/6/2025 17:00 UTC.
    assert rules.regime_at(vn("2025-06-30 23:59")) == "nd61_2018"
    assert rules.regime_at(vn("2025-07-01 00:00")) == "nd118_2025"


def test_a_dossier_received_in_june_2025_keeps_the_old_rules(scene):
    old = receive(scene, "2025-06-30 16:00")
    new = receive(scene, "2025-07-01 08:00")
    assert old.regime == "nd61_2018" and new.regime == "nd118_2025"
    assert rules.rules_for(old).restarts_after_supplement is False
    assert rules.rules_for(new).restarts_after_supplement is True


def test_an_online_dossier_takes_its_regime_from_reception_not_submission(scene):
    from motcua.dossiers import services
    from tests.factories import APPLICANT, required_components

    d = services.receive(
        actor=None,
        version=scene.version,
        agency=scene.agency,
        applicant=dict(APPLICANT),
        channel=Channel.ONLINE,
        components=required_components(scene.version),
        at=vn("2025-06-30 20:00"),
    ).dossier
    assert d.regime == "nd61_2018"  # while it waits, the submission date decides
    d = services.accept(d.pk, actor=scene.desk, at=vn("2025-07-01 08:00"))
    assert Dossier.objects.get(pk=d.pk).regime == "nd118_2025"


@pytest.mark.django_db
def test_the_data_migration_sets_the_regime_from_the_dates(scene):
    june = receive(scene, "2025-06-20 09:00")
    july = receive(scene, "2025-07-02 09:00")
    Dossier.objects.update(regime="nd118_2025")  # as the column is filled by the new field's default
    migration = importlib.import_module("motcua.dossiers.migrations.0007_dossier_regime")
    from django.apps import apps

    migration.set_regime(apps, None)
    assert Dossier.objects.get(pk=june.pk).regime == "nd61_2018"
    assert Dossier.objects.get(pk=july.pk).regime == "nd118_2025"
