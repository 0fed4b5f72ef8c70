"""The records behind a figure: a page and a download listing what makes each number (docs/improvement.md)."""
