"""Saving column mappings and their code translations, written to the audit trail (the caller commits)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from workforce.extensions import db
from workforce.kernel import audit_trail
from workforce.kernel.import_mappings.layouts import ImportLayout, layout_for
from workforce.kernel.import_mappings.models import ImportMapping
from workforce.kernel.import_mappings.reading import code_text


class MappingError(ValueError):
    def __init__(self, message: str, field: str = "name"):
        super().__init__(message)
        self.field = field


def get_mapping(kind: str, name: str) -> ImportMapping | None:
    return db.session.execute(
        select(ImportMapping).where(ImportMapping.kind == kind, ImportMapping.name == name.strip())
    ).scalar()


def list_mappings(kind: str | None = None) -> list[ImportMapping]:
    query = select(ImportMapping).order_by(ImportMapping.kind, ImportMapping.name)
    if kind is not None:
        query = query.where(ImportMapping.kind == kind)
    return list(db.session.execute(query).scalars())


def _layout(kind: str) -> ImportLayout:
    layout = layout_for(kind)
    if layout is None:
        raise MappingError(f"WPQ has no import called {kind}", "kind")
    return layout


def _check(
    layout: ImportLayout, columns: dict, date_format: str | None, standard_hours: float | None, translations: dict
) -> tuple[dict, dict]:
    unknown = sorted(set(columns) - set(layout.columns))
    if unknown:
        raise MappingError(f"The {layout.title.lower()} import has no column {', '.join(unknown)}", "columns")
    sources = [source for source in columns.values() if source]
    repeated = sorted({source for source in sources if sources.count(source) > 1})
    if repeated:
        raise MappingError(f"The column {', '.join(repeated)} is given for two fields", "columns")
    if date_format:
        try:
            dt.date(2025, 9, 30).strftime(date_format)
            dt.datetime.strptime(dt.date(2025, 9, 30).strftime(date_format), date_format)
        except ValueError:
            raise MappingError("Enter a date format like %d/%m/%Y or %m/%d/%Y", "date_format") from None
    if standard_hours is not None and not 1 <= standard_hours <= 80:
        raise MappingError("Standard hours must be from 1 to 80", "standard_hours")
    cleaned: dict[str, dict[str, str]] = {}
    for header, table in (translations or {}).items():
        coded = layout.coded.get(header)
        if coded is None:
            raise MappingError(f"{header} is not a coded field of the {layout.title.lower()} import", "translations")
        cleaned[header] = {}
        for local, dfe in table.items():
            code = coded.accepts(code_text(dfe))
            if code is None:
                raise MappingError(f"{coded.label}: {dfe} is not one of WPQ's codes", "translations")
            if code_text(local):
                cleaned[header][code_text(local)] = code
    return {wpq: source.strip() for wpq, source in columns.items() if source and source.strip()}, cleaned


def create_mapping(
    kind: str,
    name: str,
    *,
    source: str = "",
    columns: dict[str, str],
    date_format: str | None = None,
    standard_hours: float | None = None,
    translations: dict | None = None,
    options: dict | None = None,
    created_by_id: int | None = None,
) -> ImportMapping:
    layout = _layout(kind)
    name = name.strip()
    if not name or len(name) > 80:
        raise MappingError("Enter a name of up to 80 characters")
    if get_mapping(kind, name) is not None:
        raise MappingError(f"A {layout.title.lower()} mapping called {name} already exists")
    columns, translations = _check(layout, columns, date_format, standard_hours, translations or {})
    mapping = ImportMapping(
        kind=kind,
        name=name,
        source=source.strip(),
        columns=columns,
        date_format=date_format or None,
        standard_hours=standard_hours,
        translations=translations,
        options=options or {},
        kept=[],
        created_by_id=created_by_id,
    )
    db.session.add(mapping)
    db.session.flush()
    audit_trail.record_created(mapping)
    return mapping


def update_mapping(
    mapping: ImportMapping,
    *,
    source: str,
    columns: dict[str, str],
    date_format: str | None,
    standard_hours: float | None,
    translations: dict,
    options: dict | None = None,
) -> ImportMapping:
    """Change a mapping; `options` None keeps the kind's own settings as they are."""
    layout = _layout(mapping.kind)
    columns, translations = _check(layout, columns, date_format, standard_hours, translations)
    before = audit_trail.snapshot(mapping)
    mapping.source = source.strip()
    mapping.columns = columns
    mapping.date_format = date_format or None
    mapping.standard_hours = standard_hours
    mapping.translations = translations
    if options is not None:
        mapping.options = dict(options)
    db.session.flush()
    audit_trail.record_updated(mapping, before)
    return mapping


def add_translations(mapping: ImportMapping, header: str, codes: dict[str, str]) -> ImportMapping:
    """Add (or change) translations for one coded field, keeping the others."""
    translations = {key: dict(value) for key, value in (mapping.translations or {}).items()}
    translations.setdefault(header, {}).update(codes)
    return update_mapping(
        mapping,
        source=mapping.source,
        columns=dict(mapping.columns),
        date_format=mapping.date_format,
        standard_hours=mapping.standard_hours,
        translations=translations,
    )


def keep_in_post(mapping: ImportMapping, employee_numbers: list[str]) -> None:
    """Remember people HR keeps in post although this source's full extracts leave them out."""
    kept = sorted(set(mapping.kept or []) | set(employee_numbers))
    if kept == sorted(mapping.kept or []):
        return
    before = audit_trail.snapshot(mapping)
    mapping.kept = kept
    db.session.flush()
    audit_trail.record_updated(mapping, before, note="Kept in post although missing from the full extract")
