"""The header's navigation: a few sections, each listing the pages in it the signed-in user may open.

Modules add pages (`NavigationEntry`) to a section (`NavigationSection`) through the module contract. The header
shows one item per section holding at least one page the user's role may open, plus any page registered
without a section, in order. A section item links to the section's page, or straight to the page when the user
may open only one page in it (then it takes that page's name). Following the GOV.UK service navigation pattern,
the header keeps to at most `MOST_ITEMS` items, and the item holding the page shown is marked as current.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import url_for

from workforce.kernel.contract import ModuleRegistry, NavigationEntry, NavigationSection

#: The GOV.UK service navigation pattern's limit before the header wraps on a laptop screen.
MOST_ITEMS = 7


@dataclass(frozen=True)
class HeaderItem:
    label: str
    #: The section, or None for a page registered without one.
    section: NavigationSection | None
    #: The pages the user may open in it, in order.
    entries: tuple[NavigationEntry, ...]
    order: int

    @property
    def href(self) -> str:
        if self.section is None or len(self.entries) == 1:
            return url_for(self.entries[0].endpoint)
        return url_for("pages.section", key=self.section.key)


def permitted_entries(modules: ModuleRegistry, can: Callable[[str], bool]) -> list[NavigationEntry]:
    return [entry for entry in modules.navigation if can(entry.permission)]


def section_entries(modules: ModuleRegistry, key: str, can: Callable[[str], bool]) -> list[NavigationEntry]:
    """The pages of one section the user may open, in order."""
    return [entry for entry in permitted_entries(modules, can) if entry.section == key]


def header_items(modules: ModuleRegistry, can: Callable[[str], bool]) -> list[HeaderItem]:
    items: list[HeaderItem] = []
    grouped: dict[str, list[NavigationEntry]] = {}
    for entry in permitted_entries(modules, can):
        if entry.section is None:
            items.append(HeaderItem(entry.label, None, (entry,), entry.order))
        else:
            grouped.setdefault(entry.section, []).append(entry)
    for key, entries in grouped.items():
        section = modules.sections[key]
        label = entries[0].label if len(entries) == 1 else section.label
        items.append(HeaderItem(label, section, tuple(entries), section.order))
    return sorted(items, key=lambda item: (item.order, item.label))


def _current(items: list[HeaderItem], path: str, section_key: str | None) -> HeaderItem | None:
    """The item holding the page at `path`: the section page itself, else the page whose prefix matches longest."""
    if section_key is not None:
        return next((item for item in items if item.section and item.section.key == section_key), None)
    best: tuple[int, HeaderItem | None] = (0, None)
    for item in items:
        for entry in item.entries:
            prefix = entry.path_prefix
            if prefix and path.startswith(prefix) and len(prefix) > best[0]:
                best = (len(prefix), item)
    return best[1]


def service_navigation(
    modules: ModuleRegistry, can: Callable[[str], bool], path: str, section_key: str | None = None
) -> list[dict]:
    """The items for the GOV.UK service navigation component: `current` on the page of the item itself
    (aria-current="page"), `active` anywhere else inside it (aria-current="true")."""
    items = header_items(modules, can)
    current = _current(items, path, section_key)
    navigation = []
    for item in items:
        href = item.href
        entry = {"href": href, "text": item.label}
        if item is current:
            entry["current" if path == href else "active"] = True
        navigation.append(entry)
    return navigation
