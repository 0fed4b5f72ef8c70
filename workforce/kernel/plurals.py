"""Counts in words with the right plural form ("1 person", "2 people", "1 course", "3 courses"), used by
every page so none says "1 people" or "(1 courses)"."""

#: Plurals English does not make with "s".
_IRREGULAR = {"person": "people", "child": "children", "month-end": "month-ends", "this": "these"}


def plural_of(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    head, _, last = word.rpartition(" ")
    if head:
        return f"{head} {plural_of(last)}"
    if word.endswith(("s", "x", "ch", "sh")):
        return f"{word}es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return f"{word[:-1]}ies"
    return f"{word}s"


def plural(count, singular: str, plural_form: str | None = None) -> str:
    """`count` followed by the word in the form the count takes: `plural(1, "person")` is "1 person"."""
    word = singular if count == 1 else (plural_form or plural_of(singular))
    return f"{count:,} {word}" if isinstance(count, int) else f"{count} {word}"


def init_app(app) -> None:
    app.add_template_global(plural, "plural")
    app.add_template_filter(plural, "plural")
