"""Each import's own layout, declared by the module that owns the import: its headers, which of them are
required, coded or dates, and common names other systems give them (for suggestions)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CodedField:
    """A column whose values come from a DfE (or WPQ) code list: (code, label) pairs."""

    label: str
    codes: tuple[tuple[str, str], ...]

    def accepts(self, code: str) -> str | None:
        """The code as WPQ writes it, when `code` is one (any case), else None."""
        for value, _label in self.codes:
            if value.upper() == code.upper():
                return value
        return None


@dataclass(frozen=True)
class ImportLayout:
    kind: str
    title: str
    #: WPQ's own headers, in the template's order.
    columns: tuple[str, ...]
    required: tuple[str, ...] = ()
    coded: dict[str, CodedField] = field(default_factory=dict)
    dates: tuple[str, ...] = ()
    #: Other names for a header in councils' systems, compared ignoring case, spaces and punctuation.
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Headers for hours -> FTE: FTE is computed from hours when the extract has hours and no FTE.
    fte_column: str | None = None
    hours_column: str | None = None
    standard_hours_column: str | None = None
    #: Whether an extract of this kind can be a full extract of the workforce (reconciled for leavers).
    reconciles: bool = False


_LAYOUTS: dict[str, ImportLayout] = {}


def register_layout(layout: ImportLayout) -> ImportLayout:
    _LAYOUTS[layout.kind] = layout
    return layout


def layout_for(kind: str) -> ImportLayout | None:
    return _LAYOUTS.get(kind)


def all_layouts() -> list[ImportLayout]:
    return sorted(_LAYOUTS.values(), key=lambda layout: layout.title)


def enum_codes(enum_type, labels: dict | None = None) -> tuple[tuple[str, str], ...]:
    """(code, label) pairs of a code list enum, for a CodedField."""
    return tuple(
        (str(member.value), str((labels or {}).get(member, getattr(member, "label", member.name))))
        for member in enum_type
    )
