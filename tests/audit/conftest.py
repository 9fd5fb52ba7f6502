"""A desk scene with a received dossier, an administrator and an inspector of the province."""

import pytest

from motcua.org.models import Role
from tests.dossiers.conftest import receive
from tests.factories import Desk, make_user


class Scene(Desk):
    def __init__(self):
        super().__init__()
        self.admin = make_user(self.agency, Role.ADMINISTRATOR, username="quantri")
        self.admin.is_staff = self.admin.is_superuser = True
        self.admin.save()
        self.inspector = make_user(self.agency, Role.INSPECTOR, username="thanhtra")
        self.dossier = receive(self, summary="Đăng ký kết hôn")


@pytest.fixture
def scene(db) -> Scene:
    return Scene()
