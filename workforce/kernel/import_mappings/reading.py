"""Reading an extract through a mapping: header suggestions, the extract as WPQ's own layout, the codes
that have no translation, and a preview of the first rows.

A mapped extract is turned into a table with WPQ's own headers and DfE codes, keeping every row's number,
so the import then checks it with exactly the rules it applies to a file in WPQ's own layout. Nothing is
guessed: a code with no translation is reported (each code once, with its rows), never passed through.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from workforce.kernel.import_mappings.layouts import ImportLayout
from workforce.kernel.import_mappings.models import ImportMapping
from workforce.kernel.imports import ImportReport, RowProblem, UnmappedCode
from workforce.kernel.spreadsheets import Table, TableRow

#: Names many systems use for any import's columns; each layout adds its own.
COMMON_SYNONYMS: dict[str, tuple[str, ...]] = {
    "EmployeeNumber": (
        "Employee No",
        "Employee Number",
        "Employee ID",
        "Emp No",
        "Staff Number",
        "Staff No",
        "Staff ID",
        "Payroll Number",
        "Payroll No",
        "Person Number",
        "Assignment Number",
    ),
    "SWENo": ("SWE Number", "SWE No", "SWE Registration Number", "Social Work England Number", "Registration Number"),
    "Team": ("Team Name", "Organisation Unit", "Org Unit", "Organisation", "Department", "Cost Centre Name", "Unit"),
}


def normalise(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(header).lower())


def suggest_columns(layout: ImportLayout, headers: Iterable[str]) -> dict[str, str]:
    """{WPQ header: the extract's header} for every column recognised: the same name, the same name in another
    case or spacing, or a common synonym. Each extract column is suggested for one WPQ column at most."""
    available = list(headers)
    by_normal: dict[str, str] = {}
    for header in available:
        by_normal.setdefault(normalise(header), header)
    suggestions: dict[str, str] = {}
    used: set[str] = set()
    for wpq in layout.columns:
        if wpq in available and wpq not in used:
            suggestions[wpq] = wpq
            used.add(wpq)
    for wpq in layout.columns:
        if wpq in suggestions:
            continue
        names = (wpq, *layout.synonyms.get(wpq, ()), *COMMON_SYNONYMS.get(wpq, ()))
        for name in names:
            header = by_normal.get(normalise(name))
            if header is not None and header not in used:
                suggestions[wpq] = header
                used.add(header)
                break
    return suggestions


def code_text(value) -> str:
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value).strip()


@dataclass
class MappedTable:
    """The extract in WPQ's own layout, and how to name its columns back in the extract's words."""

    table: Table
    #: {WPQ header: the extract's header}; computed columns (FTE from hours) are absent.
    source_of: dict[str, str]
    #: (row, WPQ header) of every cell reported while reading (a code with no translation, reported once per
    #: code; a date not in the mapping's format): the import's own checks do not report them again.
    unmapped_cells: set[tuple[int, str]]


class _NotADate(ValueError):
    pass


def _as_date(value, date_format: str | None):
    """A text date in the mapping's format as a date. Text in any other form is refused rather than read
    another way: 05/01/2024 is 1 May in a %m/%d/%Y extract, and must never turn into 5 January."""
    if not date_format or not isinstance(value, str):
        return value
    try:
        return dt.datetime.strptime(value.strip(), date_format).date()
    except ValueError:
        raise _NotADate(value) from None


def _number(value) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(str(value).replace(",", "").strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return None


def read_through(
    table: Table, mapping: ImportMapping | None, layout: ImportLayout, report: ImportReport, *, strict: bool = True
) -> MappedTable | None:
    """The extract as WPQ's own layout; None (with the problems reported) when its columns do not fit.

    With no mapping the table is WPQ's own layout already, and is returned as it is. Not `strict` (for a
    preview), the columns the extract lacks are left out instead of refused."""
    if mapping is None:
        return MappedTable(table, {header: header for header in table.headers}, set())
    present = set(table.headers)
    columns = {
        wpq: source
        for wpq, source in (mapping.columns or {}).items()
        if source and wpq in layout.columns and (strict or source in present)
    }
    fits = True
    for wpq, source in columns.items():
        if source not in present:
            report.add(
                1, source, "", f"The column {source} is missing (the mapping {mapping.name} reads {wpq} from it)"
            )
            fits = False
    computes_fte = (
        layout.fte_column is not None
        and layout.fte_column not in columns
        and layout.hours_column in columns
        and (mapping.standard_hours or layout.standard_hours_column in columns)
    )
    for wpq in layout.required if strict else ():
        if wpq not in columns and not (wpq == layout.fte_column and computes_fte):
            report.add(1, wpq, "", f"The mapping {mapping.name} does not say which column holds {wpq}")
            fits = False
    if not fits:
        return None
    headers = [wpq for wpq in layout.columns if wpq in columns]
    if computes_fte:
        headers.append(layout.fte_column)
        if layout.standard_hours_column not in columns:
            headers.append(layout.standard_hours_column)
    translations = {
        wpq: {code_text(local).upper(): code_text(dfe) for local, dfe in mapping.translation_for(wpq).items()}
        for wpq in layout.coded
    }
    unmapped: dict[tuple[str, str], list[int]] = {}
    cells: set[tuple[int, str]] = set()
    rows: list[TableRow] = []
    example = dt.date(2025, 9, 30).strftime(mapping.date_format) if mapping.date_format else ""
    for row in table.rows:
        values = {wpq: row.values.get(source) for wpq, source in columns.items()}
        for wpq in layout.dates:
            if wpq not in values:
                continue
            try:
                values[wpq] = _as_date(values[wpq], mapping.date_format)
            except _NotADate:
                report.add(row.number, columns[wpq], values[wpq], f"Enter a real date written like {example}")
                cells.add((row.number, wpq))
        for wpq, coded in layout.coded.items():
            value = values.get(wpq)
            if value is None:
                continue
            text = code_text(value)
            table_for = translations[wpq]
            translated = table_for.get(text.upper()) if table_for else coded.accepts(text)
            if translated is None:
                unmapped.setdefault((wpq, text), []).append(row.number)
            else:
                values[wpq] = translated
        if computes_fte:
            standard = _number(values.get(layout.standard_hours_column)) or mapping.standard_hours
            hours = _number(values.get(layout.hours_column))
            values.setdefault(layout.standard_hours_column, standard)
            if values.get(layout.standard_hours_column) is None:
                values[layout.standard_hours_column] = standard
            values[layout.fte_column] = (
                round(max(0.0, min(1.0, hours / standard)), 6) if hours is not None and standard else None
            )
        rows.append(TableRow(row.number, values))
    for (wpq, code), numbers in unmapped.items():
        coded = layout.coded[wpq]
        report.unmapped.append(UnmappedCode(wpq, columns[wpq], coded.label, code, tuple(numbers)))
        report.add(
            numbers[0],
            columns[wpq],
            code,
            f"{coded.label}: the code {code} has no translation in the mapping {mapping.name} ({_rows(numbers)})",
        )
        cells.update((number, wpq) for number in numbers)
    return MappedTable(Table(headers, rows), columns, cells)


def _rows(numbers: list[int]) -> str:
    shown = ", ".join(str(number) for number in numbers[:20])
    more = f" and {len(numbers) - 20} more" if len(numbers) > 20 else ""
    return f"row {shown}" if len(numbers) == 1 else f"rows {shown}{more}"


def name_in_extract(report: ImportReport, mapped: MappedTable | None, since: int) -> None:
    """Problems found after reading (from `since` on) name the extract's column, not WPQ's; problems on a
    cell whose code has no translation are dropped, as the code is reported once already."""
    if mapped is None or not mapped.unmapped_cells and all(k == v for k, v in mapped.source_of.items()):
        return
    kept: list[RowProblem] = report.problems[:since]
    for problem in report.problems[since:]:
        if (problem.row, problem.column) in mapped.unmapped_cells:
            continue
        source = mapped.source_of.get(problem.column, problem.column)
        kept.append(RowProblem(problem.row, source, problem.value, problem.message))
    report.problems = kept


@dataclass
class Preview:
    #: (WPQ header, the extract's header or "" for a computed column)
    headers: list[tuple[str, str]]
    rows: list[list]


def preview(table: Table, mapping: ImportMapping | None, layout: ImportLayout, count: int = 5) -> Preview:
    """The first rows as WPQ will read them, before anything is checked."""
    first = Table(table.headers, table.rows[:count])
    mapped = read_through(first, mapping, layout, ImportReport(), strict=False)
    assert mapped is not None  # not strict: never refused
    headers = [(wpq, mapped.source_of.get(wpq, "")) for wpq in mapped.table.headers]
    rows = [[row.values.get(wpq) for wpq, _ in headers] for row in mapped.table.rows]
    return Preview(headers, rows)
