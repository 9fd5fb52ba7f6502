"""The demo city before 1 July 2025: its districts and communes, with the links to their successors.

Read from the `merged_from`, `merged_in_part` and `old_districts` of ``demo_data/province.yaml``
(conversion table of the vietnam-provinces package, two merges also read in Nghị quyết
1669/NQ-UBTVQH15). The file gives no statistical code of a pre-2025 district or commune, so those
units have none (``code`` empty) rather than an invented one — see ``unverified`` in the file.

Successors:

* an old commune merged whole into one listed new commune: ``successor`` = that commune;
* an old commune split between several new units (``merged_in_part``, or named by several listed
  communes): no single successor — ``succession_unconfirmed`` and a note naming the new units
  among those listed that took a part;
* an old district (quận, huyện, thị xã, thành phố thuộc tỉnh): none. The district level was
  abolished on 1/7/2025 (two-level local government); its work went to the communes or the city.
* Tỉnh Hải Dương (pre-2025 code 30): successor the new Thành phố Hải Phòng (Nghị quyết
  202/2025/QH15); the old Thành phố Hải Phòng keeps its code 31 and is the same unit record.

An old commune's district is the one its record names; where the new unit lists several old
districts, the district is the one shared by every listed new unit the old commune went to, when
there is exactly one; otherwise it stays unknown (the commune hangs under its old province).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from motcua.org.models import AdministrativeUnit, UnitLevel

MERGER_DAY = date(2025, 7, 1)  # Nghị quyết 1669/NQ-UBTVQH15 and 202/2025/QH15 take effect
OLD_HAI_PHONG = "Thành phố Hải Phòng"


@dataclass
class OldCommune:
    name: str
    district: str | None  # None: unknown
    province: str
    into: list[str] = field(default_factory=list)  # codes of the listed new units it went to
    partial: bool = False

    @property
    def whole_into(self) -> str | None:
        return self.into[0] if len(self.into) == 1 and not self.partial else None


@dataclass
class OldUnits:
    province_units: dict[str, AdministrativeUnit]  # old province name → unit
    districts: dict[tuple[str, str], AdministrativeUnit]  # (province, district) → unit
    communes: dict[tuple[str, str | None, str], AdministrativeUnit]  # (province, district, name) → unit
    facts: dict[tuple[str, str | None, str], OldCommune]


def _kind(name: str) -> str:
    for prefix in ("Thành phố", "Thị xã", "Thị trấn", "Quận", "Huyện", "Phường", "Xã"):
        if name.startswith(prefix + " "):
            return prefix.lower()
    return ""


def read_old_communes(rows: list[dict]) -> list[OldCommune]:
    """The pre-2025 communes named in the rows, one per (name, district), with where they went."""
    # Districts a name may belong to, per row; a name in a single-district row fixes its district.
    fixed: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        province = (row.get("old_province") or [OLD_HAI_PHONG])[0]
        if len(row.get("old_districts") or []) == 1:
            for name in row.get("merged_from") or []:
                fixed.setdefault((province, name), set()).add(row["old_districts"][0])
    found: dict[tuple[str, str | None, str], OldCommune] = {}
    for row in rows:
        province = (row.get("old_province") or [OLD_HAI_PHONG])[0]
        districts = row.get("old_districts") or []
        for name in row.get("merged_from") or []:
            if len(districts) == 1:
                district = districts[0]
            else:
                known = fixed.get((province, name), set()) & set(districts)
                district = next(iter(known)) if len(known) == 1 else None
            key = (province, district, name)
            old = found.setdefault(key, OldCommune(name, district, province))
            old.into.append(row["code"])
            old.partial = old.partial or name in (row.get("merged_in_part") or [])
    return list(found.values())


def _province_code(text: str) -> tuple[str, str | None]:
    """'Tỉnh Hải Dương (pre-2025 code 30)' → ('Tỉnh Hải Dương', '30')."""
    m = re.match(r"(.+?)\s*\(pre-2025 code (\d+)\)", text)
    return (m.group(1), m.group(2)) if m else (text, None)


def load_old_units(
    data: dict, city: AdministrativeUnit, new_units: dict[str, AdministrativeUnit]
) -> OldUnits:
    """Create (idempotently) the old province, districts and communes with their links."""
    level_p = city.level
    level_d, _c = UnitLevel.objects.get_or_create(
        code="district", defaults={"name": "Cấp huyện (đến 30/06/2025)", "rank": 2}
    )
    level_c = UnitLevel.objects.get(code="commune")
    ended = {"valid_to": MERGER_DAY}
    province_units = {OLD_HAI_PHONG: city}
    for text in data["province"].get("merged_from") or []:
        name, code = _province_code(text)
        if name == OLD_HAI_PHONG or code == city.code:
            continue  # the same code continues: the city's own record
        unit, _c = AdministrativeUnit.objects.get_or_create(
            level=level_p,
            code=code,
            defaults={
                "name": name,
                "kind": "tỉnh",
                "successor": city,
                "succession_note": _(
                    "Hợp nhất vào Thành phố Hải Phòng từ 01/07/2025 (Nghị quyết 202/2025/QH15)."
                ),
                **ended,
            },
        )
        province_units[name] = unit
    by_code = {row["code"]: row for row in data["communes"]}
    units = _Units()
    district_note = _(
        "Cấp huyện chấm dứt hoạt động từ 01/07/2025 (chính quyền địa phương hai cấp): không có "
        "đơn vị kế thừa; nhiệm vụ chuyển cho cấp xã hoặc cấp thành phố."
    )
    district_keys: list[tuple[str, str]] = []
    for row in data["communes"]:
        province = (row.get("old_province") or [OLD_HAI_PHONG])[0]
        for name in row.get("old_districts") or []:
            if (province, name) in district_keys:
                continue
            district_keys.append((province, name))
            units.want(
                (province, name),
                level_d,
                name,
                parent=province_units.get(province, city),
                kind=_kind(name),
                succession_note=district_note,
                **ended,
            )
    districts: dict[tuple[str, str], AdministrativeUnit] = units.write()
    communes: dict[tuple[str, str | None, str], AdministrativeUnit] = {}
    facts: dict[tuple[str, str | None, str], OldCommune] = {}
    for old in read_old_communes(data["communes"]):
        target = old.whole_into
        if target:
            note = _("Sáp nhập toàn bộ vào %(new)s từ 01/07/2025.") % {"new": by_code[target]["name"]}
        else:
            names = ", ".join(by_code[c]["name"] for c in old.into)
            note = _(
                "Chia cho nhiều đơn vị mới từ 01/07/2025 (trong dữ liệu: %(new)s; có thể còn đơn vị khác): "
                "không có một đơn vị kế thừa duy nhất — chưa xác nhận."
            ) % {"new": names}
        if old.district is None:
            note += " " + _("Chưa xác định được quận/huyện cũ của đơn vị này.")
        parent = districts.get((old.province, old.district)) if old.district else None
        key = (old.province, old.district, old.name)
        units.want(
            key,
            level_c,
            old.name,
            parent=parent or province_units.get(old.province, city),
            kind=_kind(old.name),
            successor=new_units.get(target) if target else None,
            succession_unconfirmed=target is None,
            succession_note=note,
            **ended,
        )
        facts[key] = old
    communes.update(units.write())
    return OldUnits(province_units, districts, communes, facts)


class _Units:
    """Old units have no code: found again by level, name and parent; the missing ones are
    written in one insert per level (some 170 units)."""

    def __init__(self):
        self.wanted: list[tuple[object, AdministrativeUnit]] = []

    def want(self, key, level, name: str, *, parent, **values) -> None:
        self.wanted.append(
            (key, AdministrativeUnit(level=level, code=None, name=name, parent=parent, **values))
        )

    def write(self) -> dict:
        existing = {
            (u.level_id, u.name, u.parent_id): u
            for u in AdministrativeUnit.objects.filter(
                code__isnull=True, level__in={u.level_id for _k, u in self.wanted}
            )
        }
        found, missing = {}, []
        for key, unit in self.wanted:
            same = existing.get((unit.level_id, unit.name, unit.parent_id))
            if same is None:
                missing.append((key, unit))
            else:
                found[key] = same
        created = AdministrativeUnit.objects.bulk_create([u for _k, u in missing])
        if created and created[0].pk is None:  # a database that returns no keys from a bulk insert
            for _k, u in missing:
                u.pk = AdministrativeUnit.objects.get(
                    level=u.level_id, code__isnull=True, name=u.name, parent=u.parent_id
                ).pk
        found.update(dict(missing))
        self.wanted = []
        return found
