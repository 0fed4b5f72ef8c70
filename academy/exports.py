"""Exports the academy offers through the module contract."""

from __future__ import annotations

from datetime import date

from academy.constants import AcademyPermission
from academy.matrix import build_matrix, matrix_sheet
from workforce.kernel.contract import ExportBuilder
from workforce.kernel.permissions import Scope
from workforce.kernel.spreadsheets import Sheet


def matrix_sheets(scope: Scope, on: date) -> list[Sheet]:
    """The training matrix as the scope may see it, one row per person, the same cell text as the page."""
    return [matrix_sheet(build_matrix(scope, on))]


MATRIX_EXPORT = ExportBuilder(
    "academy-training-matrix", "Training matrix", AcademyPermission.VIEW_MATRIX, matrix_sheets
)
