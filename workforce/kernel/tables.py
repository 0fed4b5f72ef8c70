"""Tables people can read: numbers right-aligned and kept on one line, dates kept on one line (GOV.UK
Design System, table component: "numeric" cells), applied to every `govukTable` the layout draws."""

import re

from markupsafe import Markup

#: A count, a decimal, a percentage, money or a ratio such as "1.0/0" or "12 of 20".
_NUMBER = re.compile(r"^[-+−]?[£]?\d[\d,]*(\.\d+)?(%| ?FTE)?( ?(/|of) ?[£]?\d[\d,]*(\.\d+)?%?)?$")
#: A date as the date filter writes it ("2 December 2026", "2 December 2026, 10:42") or a month.
_DATE = re.compile(r"^(\d{1,2} )?[A-Z][a-z]+ \d{4}(, \d{2}:\d{2})?$")
NUMERIC = "numeric"
NOWRAP = "wpq-nowrap"


def _text(cell) -> str | None:
    if not isinstance(cell, dict) or "html" in cell:
        return None
    value = cell.get("text")
    return None if value is None or isinstance(value, Markup) and "<" in value else str(value).strip()


def _is_number(text: str | None) -> bool:
    return bool(text) and bool(_NUMBER.match(text))


def readable_table(params: dict) -> dict:
    """`params` for `govukTable` with every numeric cell marked numeric (and its column's header, when
    every filled cell of the column is a number) and every date cell kept on one line."""
    rows = params.get("rows") or []
    if not rows:
        return params
    width = max(len(row) for row in rows)
    numeric_columns = []
    for column in range(width):
        texts = [_text(row[column]) for row in rows if column < len(row)]
        filled = [text for text in texts if text not in (None, "", "—", "-")]
        numeric_columns.append(bool(filled) and all(_is_number(text) for text in filled))
    new_rows = []
    for row in rows:
        new_row = []
        for column, cell in enumerate(row):
            text = _text(cell)
            if text is not None and "format" not in cell and numeric_columns[column] and _is_number(text):
                cell = {**cell, "format": NUMERIC}
            elif text is not None and _DATE.match(text):
                cell = {**cell, "classes": f"{cell.get('classes', '')} {NOWRAP}".strip()}
            new_row.append(cell)
        new_rows.append(new_row)
    new_params = {**params, "rows": new_rows}
    head = params.get("head")
    if head:
        new_params["head"] = [
            {**cell, "format": NUMERIC}
            if isinstance(cell, dict) and column < width and numeric_columns[column] and "format" not in cell
            else cell
            for column, cell in enumerate(head)
        ]
    return new_params


def table_label(params: dict) -> str:
    """The name of the scrolling region around a table: its caption, else "Table"."""
    return str(params.get("caption") or params.get("label") or "Table")


def init_app(app) -> None:
    app.add_template_global(readable_table, "readable_table")
    app.add_template_global(table_label, "table_label")
