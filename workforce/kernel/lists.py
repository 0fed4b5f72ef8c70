"""Lists of records people can find things in: search, filters, sortable columns, paging and downloads.

A page declares its list once (a `ListDefinition`: columns, filters, the columns the search box looks in,
the default sort, the page size) and hands `show_list` a `select()` that is already scoped to the signed-in
user's role and teams. Everything else happens in SQL on that query: the search and filters narrow it, the
sort orders it (always with the id as the last key, so equal values keep one order from page to page), one
COUNT gives the total and LIMIT/OFFSET the page. The download links carry the same query string and export
every row the filters keep, not just the page shown, through `workforce.kernel.spreadsheets`, so a download
can never hold a record the page would not show.

The query string is checked, never trusted: an unknown sort column or filter value is reported and ignored,
a page beyond the end shows the last page, and nothing a person can type gives a server error.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import render_template, request, url_for
from markupsafe import Markup, escape
from sqlalchemy import Select, func, or_, select
from werkzeug.datastructures import MultiDict

from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.release import build_workbook
from workforce.kernel.spreadsheets import Sheet, send_csv, send_workbook

ASCENDING = "ascending"
DESCENDING = "descending"
DOWNLOAD_FORMATS = ("csv", "xlsx")
#: Rows read from the database at a time when exporting, so memory stays flat for long lists.
EXPORT_BATCH = 1000
SEARCH_MAX_LENGTH = 100
#: The parameters the mechanism itself reads; filter names must not reuse them.
RESERVED = frozenset({"search", "sort", "order", "page", "download"})


def _no_context(items: Sequence[Any]) -> None:
    return None


@dataclass(frozen=True)
class Column:
    """One column: its heading, how to sort by it in SQL, its value for a row, and how to show it.

    `value(item, context)` gives the plain value used in downloads (and shown when `html` is not given);
    `html(item, context)` gives markup for the page (a link, a tag). `sort` is a SQL expression; a column
    without one has a plain heading (a list of expressions sorts by each in turn). `number_format` names a
    spreadsheet number format for downloads.
    """

    key: str
    label: str
    value: Callable[[Any, Any], Any]
    sort: Any = None
    html: Callable[[Any, Any], Any] | None = None
    numeric: bool = False
    number_format: str | None = None
    #: Left out of downloads (for example a column of links or buttons only).
    download: bool = True

    def display(self, item: Any, context: Any) -> Markup:
        if self.html is not None:
            return escape(self.html(item, context))
        return escape(display_text(self.value(item, context)))


@dataclass(frozen=True)
class Filter:
    """A filter shown in the list's form.

    kind "select": `choices` (a list of (value, label) pairs, or a function returning one, the first being
    the "any" choice with value "") and `apply(query, value)` called with the chosen value.
    kind "date": a YYYY-MM-DD text box; `apply(query, date)` is called with the date.
    kind "text": a text box; `apply(query, text)` is called with what was typed, when anything was.
    """

    name: str
    label: str
    apply: Callable[[Select, Any], Select]
    kind: str = "select"
    choices: Sequence[tuple[str, str]] | Callable[[], Sequence[tuple[str, str]]] = ()
    hint: str | None = None
    #: The value used when the query string does not give one (a select's default choice).
    default: str = ""

    def __post_init__(self) -> None:
        if self.name in RESERVED:
            raise ValueError(f"A list filter cannot be called {self.name!r}")
        if self.kind not in ("select", "date", "text"):
            raise ValueError(f"Unknown list filter kind {self.kind!r}")

    def choice_list(self) -> list[tuple[str, str]]:
        choices = self.choices() if callable(self.choices) else self.choices
        return [(str(value), str(label)) for value, label in choices]


#: The first choice of every select filter: no narrowing.
ANY = ("", "Any")


def enum_filter(
    name: str,
    label: str,
    column: Any,
    enum: type,
    *,
    where: Callable[[Any], Any] | None = None,
    labels: Callable[[Any], str] = lambda member: member.label,
) -> Filter:
    """A select filter on an enum column: "Any" then each member by its label, keeping rows equal to the one chosen.

    `where` wraps the condition when it needs more than the column alone (for example "in a post today");
    `labels` gives a member's words when they are not its `label`."""

    def apply(query: Select, value: str) -> Select:
        member = next(member for member in enum if str(member.value) == value)
        condition = column == member
        return query.where(where(condition) if where else condition)

    return Filter(name, label, apply, choices=[ANY] + [(str(member.value), labels(member)) for member in enum])


def team_filter(
    column: Any,
    teams: Iterable[Any],
    *,
    name: str = "team",
    label: str = "Team",
    where: Callable[[Any], Any] | None = None,
) -> Filter:
    """A select filter by team: "Any" then the teams given (those the user may see), keeping rows of the one chosen.

    `where` wraps the condition as for `enum_filter`."""

    def apply(query: Select, value: str) -> Select:
        condition = column == int(value)
        return query.where(where(condition) if where else condition)

    return Filter(name, label, apply, choices=[ANY] + [(str(team.id), team.name) for team in teams])


@dataclass(frozen=True)
class ListDefinition:
    """A page's list, declared once."""

    #: The endpoint that shows the list (its links, paging and downloads point back at it).
    endpoint: str
    columns: Sequence[Column]
    #: The last sort key, so rows with equal values keep one order (the model's primary key).
    id_column: Any
    default_sort: str
    default_order: str = ASCENDING
    filters: Sequence[Filter] = ()
    #: SQL expressions the search box looks in (case-insensitive "contains").
    search_columns: Sequence[Any] = ()
    search_label: str = "Search"
    search_hint: str | None = None
    page_size: int = 50
    noun: str = "record"
    plural: str = "records"
    #: The download's file name, without extension.
    filename: str = "records"
    sheet_title: str = "Records"
    #: Extra data for a page or batch of rows, in one query (for example each person's current posts).
    context: Callable[[Sequence[Any]], Any] = _no_context
    #: Passed to `.options()` on the page and export queries (eager loading).
    options: Sequence[Any] = ()
    #: Rows from the query are its first entity (`.scalars()`); set False for multi-column selects.
    scalars: bool = True
    #: Makes each row into the item the columns read (for example a dataclass over a multi-column row).
    item_factory: Callable[[Any], Any] | None = None
    #: Query-string parameters of the page itself (a reporting period) that the list's links keep.
    carry: Sequence[str] = ()

    def __post_init__(self) -> None:
        keys = [column.key for column in self.columns]
        if len(set(keys)) != len(keys):
            raise ValueError("Two list columns have the same key")
        if self.default_sort not in {column.key for column in self.columns if column.sort is not None}:
            raise ValueError(f"The default sort {self.default_sort!r} is not a sortable column")
        if self.default_order not in (ASCENDING, DESCENDING):
            raise ValueError("The default order is 'ascending' or 'descending'")

    def column(self, key: str) -> Column | None:
        return next((column for column in self.columns if column.key == key), None)


def display_text(value: Any) -> str:
    """How a value reads in a table cell: dates as '5 January 2027', nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return f"{value.day} {value:%B %Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    if hasattr(value, "label"):
        return str(value.label)
    return str(value)


def export_value(value: Any) -> Any:
    """A value for a spreadsheet cell: numbers and dates stay themselves, everything else is text."""
    if isinstance(value, dt.datetime):
        # Excel has no time zones; WPQ keeps times in UTC.
        return clock.as_utc(value).replace(tzinfo=None) if value.tzinfo else value
    if value is None or isinstance(value, int | float | dt.date) and not isinstance(value, bool):
        return value
    return display_text(value)


def parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


@dataclass
class ListState:
    """The checked query string: what the list shows, and the problems found in what was asked for."""

    search: str = ""
    sort: str = ""
    order: str = ASCENDING
    page: int = 1
    values: dict[str, str] = field(default_factory=dict)
    dates: dict[str, dt.date] = field(default_factory=dict)
    #: (field name, message) pairs for the GOV.UK error summary.
    problems: list[tuple[str, str]] = field(default_factory=list)
    #: Notes about a corrected request that is not the person's mistake to fix (a page beyond the end).
    notes: list[str] = field(default_factory=list)


def read_state(definition: ListDefinition, args: MultiDict) -> ListState:
    state = ListState(sort=definition.default_sort, order=definition.default_order)
    search = (args.get("search") or "").strip()
    if len(search) > SEARCH_MAX_LENGTH:
        state.problems.append(("search", f"{definition.search_label} must be {SEARCH_MAX_LENGTH} characters or fewer"))
        search = search[:SEARCH_MAX_LENGTH]
    state.search = search if definition.search_columns else ""
    sort = args.get("sort")
    if sort:
        column = definition.column(sort)
        if column is None or column.sort is None:
            fallback = definition.column(definition.default_sort).label
            state.notes.append(f"The list cannot be sorted by \u201c{sort}\u201d, so it is sorted by {fallback}")
        else:
            state.sort = sort
    order = args.get("order")
    if order:
        if order in (ASCENDING, DESCENDING):
            state.order = order
        else:
            state.notes.append("The order is ascending or descending; the list uses its usual order")
    page_text = args.get("page")
    if page_text:
        try:
            state.page = max(1, int(page_text))
        except ValueError:
            state.notes.append(f"\u201c{page_text}\u201d is not a page number, so the first page is shown")
    for item in definition.filters:
        text = (args.get(item.name) or "").strip()
        if item.kind == "select":
            allowed = {value for value, _ in item.choice_list()}
            chosen = text if text else item.default
            if chosen not in allowed:
                state.problems.append((item.name, f"Select {item.label.lower()} from the list"))  # noqa: S608 (a message, not SQL)
                chosen = item.default
            state.values[item.name] = chosen
        elif item.kind == "text":
            if len(text) > SEARCH_MAX_LENGTH:
                state.problems.append((item.name, f"{item.label} must be {SEARCH_MAX_LENGTH} characters or fewer"))
                text = ""
            state.values[item.name] = text
        else:
            state.values[item.name] = text
            if text:
                parsed = parse_date(text)
                if parsed is None:
                    state.problems.append((item.name, f"{item.label} must be a real date in the format YYYY-MM-DD"))
                else:
                    state.dates[item.name] = parsed
    return state


def filtered_query(definition: ListDefinition, query: Select, state: ListState) -> Select:
    """The scoped query narrowed by the search and filters (no order, no paging)."""
    if state.search:
        term = state.search.lower()
        query = query.where(
            or_(*[func.lower(column).contains(term, autoescape=True) for column in definition.search_columns])
        )
    for item in definition.filters:
        if item.kind == "select":
            value = state.values.get(item.name, "")
            if value:
                query = item.apply(query, value)
        elif item.kind == "text":
            if state.values.get(item.name):
                query = item.apply(query, state.values[item.name])
        elif item.name in state.dates:
            query = item.apply(query, state.dates[item.name])
    return query


def ordered_query(definition: ListDefinition, query: Select, state: ListState) -> Select:
    column = definition.column(state.sort)
    sorts = column.sort if isinstance(column.sort, list | tuple) else [column.sort]
    if state.order == DESCENDING:
        keys = [key.desc().nulls_last() for key in sorts] + [definition.id_column.desc()]
    else:
        keys = [key.asc().nulls_last() for key in sorts] + [definition.id_column.asc()]
    return query.order_by(None).order_by(*keys)


def count(query: Select) -> int:
    return db.session.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()


def _rows(definition: ListDefinition, query: Select):
    result = db.session.execute(query.options(*definition.options) if definition.options else query)
    rows = result.scalars() if definition.scalars else result
    return map(definition.item_factory, rows) if definition.item_factory else rows


@dataclass
class ListPage:
    """One page of a list, with everything its template needs."""

    definition: ListDefinition
    state: ListState
    items: list[Any]
    context: Any
    total: int
    page: int
    pages: int
    args: dict[str, str]

    @property
    def first(self) -> int:
        return (self.page - 1) * self.definition.page_size + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.page * self.definition.page_size, self.total)

    @property
    def summary(self) -> str:
        """'Showing 51 to 100 of 9,415 records'."""
        noun = self.definition.noun if self.total == 1 else self.definition.plural
        if self.total == 0:
            return f"No {self.definition.plural} match"
        if self.pages == 1:
            return f"Showing {self.total:,} {noun}"
        return f"Showing {self.first:,} to {self.last:,} of {self.total:,} {noun}"

    def href(self, **changes: Any) -> str:
        args = {**self.args, **{key: str(value) for key, value in changes.items() if value is not None}}
        for key, value in changes.items():
            if value is None:
                args.pop(key, None)
        return url_for(self.definition.endpoint, **(request.view_args or {}), **args)

    def page_href(self, number: int) -> str:
        return self.href(page=number if number > 1 else None)

    def download_href(self, fmt: str) -> str:
        return self.href(download=fmt, page=None)

    def headers(self) -> list[dict[str, Any]]:
        """Each column's heading: label, link to sort by it (the other way when it is the sort now), aria-sort."""
        headings = []
        for column in self.definition.columns:
            heading: dict[str, Any] = {"label": column.label, "numeric": column.numeric, "href": None}
            if column.sort is not None:
                current = column.key == self.state.sort
                next_order = (DESCENDING if self.state.order == ASCENDING else ASCENDING) if current else ASCENDING
                heading["href"] = self.href(sort=column.key, order=next_order, page=None)
                heading["aria_sort"] = self.state.order if current else "none"
                heading["next_order"] = next_order
            headings.append(heading)
        return headings

    def cells(self, item: Any) -> list[tuple[Column, Markup]]:
        return [(column, column.display(item, self.context)) for column in self.definition.columns]

    def pagination(self) -> dict[str, Any]:
        """Parameters for the GOV.UK pagination component: previous, next and numbered items with ellipses."""
        if self.pages <= 1:
            return {}
        params: dict[str, Any] = {"landmarkLabel": f"Pages of {self.definition.plural}"}
        if self.page > 1:
            params["previous"] = {"href": self.page_href(self.page - 1)}
        if self.page < self.pages:
            params["next"] = {"href": self.page_href(self.page + 1)}
        shown = sorted({1, self.pages, *range(max(1, self.page - 1), min(self.pages, self.page + 1) + 1)})
        items: list[dict[str, Any]] = []
        previous = 0
        for number in shown:
            if number - previous > 1:
                items.append({"ellipsis": True})
            items.append({"number": number, "href": self.page_href(number), "current": number == self.page})
            previous = number
        params["items"] = items
        return params

    def filter_fields(self) -> list[dict[str, Any]]:
        errors = dict(self.state.problems)
        fields = []
        for item in self.definition.filters:
            entry = {
                "name": item.name,
                "label": item.label,
                "kind": item.kind,
                "hint": item.hint,
                "value": self.state.values.get(item.name, ""),
                "error": errors.get(item.name),
            }
            if item.kind == "select":
                entry["choices"] = item.choice_list()
            fields.append(entry)
        return fields

    def problem_links(self) -> list[dict[str, str]]:
        return [{"text": message, "href": f"#{name}"} for name, message in self.state.problems]

    @property
    def search_error(self) -> str | None:
        return dict(self.state.problems).get("search")

    @property
    def filtered(self) -> bool:
        """Whether anything narrows the list beyond its defaults (to offer "Clear filters")."""
        defaults = {item.name: item.default for item in self.definition.filters}
        return bool(self.state.search) or any(
            self.state.values.get(name, "") != value for name, value in defaults.items()
        )

    def clear_href(self) -> str:
        kept = {name: self.args[name] for name in self.definition.carry if name in self.args}
        return url_for(self.definition.endpoint, **(request.view_args or {}), **kept)

    def carried(self) -> list[tuple[str, str]]:
        """The page's own parameters, kept as hidden fields when the filters are applied."""
        return [(name, self.args[name]) for name in self.definition.carry if name in self.args]


def _clean_args(definition: ListDefinition, args: MultiDict) -> dict[str, str]:
    """The query-string parameters the list understands, for its links (nothing else is carried along)."""
    known = {"search", "sort", "order", *definition.carry} | {item.name for item in definition.filters}
    return {key: value for key, value in args.items() if key in known and value}


def build_page(definition: ListDefinition, query: Select, args: MultiDict | None = None) -> ListPage:
    args = request.args if args is None else args
    state = read_state(definition, args)
    narrowed = filtered_query(definition, query, state)
    total = count(narrowed)
    pages = max(1, math.ceil(total / definition.page_size))
    if state.page > pages:
        only = "There is only 1 page" if pages == 1 else f"There are only {pages:,} pages"
        state.notes.append(f"{only}, so the last one is shown")
        state.page = pages
    page_query = ordered_query(definition, narrowed, state).limit(definition.page_size)
    page_query = page_query.offset((state.page - 1) * definition.page_size)
    items = list(_rows(definition, page_query))
    return ListPage(
        definition=definition,
        state=state,
        items=items,
        context=definition.context(items),
        total=total,
        page=state.page,
        pages=pages,
        args=_clean_args(definition, args),
    )


def export_rows(definition: ListDefinition, query: Select, args: MultiDict | None = None) -> Iterable[list[Any]]:
    """Every row the filters keep, in the page's order, as download values (read in batches)."""
    args = request.args if args is None else args
    state = read_state(definition, args)
    ordered = ordered_query(definition, filtered_query(definition, query, state), state)
    columns = [column for column in definition.columns if column.download]
    offset = 0
    while True:
        batch = list(_rows(definition, ordered.limit(EXPORT_BATCH).offset(offset)))
        if not batch:
            return
        context = definition.context(batch)
        for item in batch:
            yield [export_value(column.value(item, context)) for column in columns]
        if len(batch) < EXPORT_BATCH:
            return
        offset += EXPORT_BATCH


def download(definition: ListDefinition, query: Select, fmt: str, args: MultiDict | None = None):
    columns = [column for column in definition.columns if column.download]
    headers = [column.label for column in columns]
    filename = f"{definition.filename}-{clock.today().isoformat()}"
    rows = export_rows(definition, query, args)
    if fmt == "csv":
        return send_csv(headers, rows, f"{filename}.csv")
    formats = {column.label: column.number_format for column in columns if column.number_format}
    sheet = Sheet(title=definition.sheet_title, headers=headers, rows=rows, number_formats=formats)
    return send_workbook(build_workbook([sheet]), f"{filename}.xlsx")


def show_list(definition: ListDefinition, query: Select, template: str, **context: Any):
    """The list page, or its download when the query string asks for one (`download=csv` or `xlsx`).

    `query` must already be scoped to the signed-in user: the page, its count and its downloads all come
    from it, so they always agree.
    """
    fmt = request.args.get("download")
    if fmt in DOWNLOAD_FORMATS:
        return download(definition, query, fmt)
    return render_template(template, listing=build_page(definition, query), **context)
