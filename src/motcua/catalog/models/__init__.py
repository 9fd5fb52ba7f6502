"""Danh mục thủ tục hành chính: procedures, versions, fees, components and internal processes."""

from .contents import Component, FeeLine
from .procedures import (
    TIME_LIMIT_UNIT_CHOICES,
    Field,
    Procedure,
    ProcedureVersion,
    unit_word,
)
from .processes import ProcessStep, ProcessTemplate

__all__ = [
    "TIME_LIMIT_UNIT_CHOICES",
    "Component",
    "FeeLine",
    "Field",
    "ProcedureVersion",
    "Procedure",
    "ProcessStep",
    "ProcessTemplate",
    "unit_word",
]
