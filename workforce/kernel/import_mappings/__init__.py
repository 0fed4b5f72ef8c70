"""Column mappings for every import: how a council system's extract (its headers, date format, hours and
codes) is read as WPQ's own layout. Saved per import and per source, suggested from a file's headers,
previewed on the first rows, and chosen on the import page or with `--mapping NAME` on the command line."""

from workforce.kernel.import_mappings import models  # noqa: F401  (registers the table)
from workforce.kernel.import_mappings.layouts import CodedField, ImportLayout, enum_codes, layout_for, register_layout
from workforce.kernel.import_mappings.models import ImportMapping
from workforce.kernel.import_mappings.reading import (
    MappedTable,
    Preview,
    name_in_extract,
    preview,
    read_through,
    suggest_columns,
)

__all__ = [
    "CodedField",
    "ImportLayout",
    "ImportMapping",
    "MappedTable",
    "Preview",
    "enum_codes",
    "layout_for",
    "name_in_extract",
    "preview",
    "read_through",
    "register_layout",
    "suggest_columns",
]
