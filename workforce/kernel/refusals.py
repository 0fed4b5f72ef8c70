"""Refusals that carry every problem a service found, so that a form shows them all in one error summary."""

from __future__ import annotations


class Problems:
    """Collects the problems a service finds in one pass over a change, then refuses once with all of them
    (GOV.UK error summary pattern: every problem in one submit, not one per round trip)."""

    def __init__(self) -> None:
        self.found: list[tuple[str | None, str]] = []

    def add(self, message: str, field: str | None = None) -> None:
        self.found.append((field, message))

    def __bool__(self) -> bool:
        return bool(self.found)

    def raise_as(self, error_type: type[Exception]) -> None:
        """Raise `error_type(first message, first field)` carrying every problem in `problems`, if any."""
        if not self.found:
            return
        field, message = self.found[0]
        error = error_type(message, field) if field is not None else error_type(message)
        error.problems = list(self.found)
        raise error


def problems_of(error: Exception) -> list[tuple[str | None, str]]:
    """Every (field, message) a refusal carries: all those collected by `Problems`, else its own one."""
    return list(getattr(error, "problems", None) or [(getattr(error, "field", None), str(error))])
