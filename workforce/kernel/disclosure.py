"""Disclosure control for figures below council level: primary and secondary (complementary) suppression.

Primary: a cell (a service area's or a team's figure) resting on a count below the threshold (default 5)
is suppressed, value, numerator and denominator together, so a rate beside its denominator never gives
its numerator away.

Secondary: in one output a suppressed cell could be recovered by subtraction, from its parent's total
and its siblings (Office for National Statistics, "Disclosure control guidance for tables produced from
administrative sources"; GSS "Statistical disclosure control" guidance). So the cells are grouped as they
add up: the service areas within the council, every team within the council, and the teams within each
service area. In every group no cell may be the only one suppressed: while one is, the sibling with the
smallest counts is suppressed as well (and where there is no sibling, the parent); a suppressed service
area needs at least two of its teams suppressed too, or its teams would add up to it. The groups are
checked again until none changes. The council's own figure is never suppressed. See docs/improvement.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select

from workforce.extensions import db
from workforce.kernel.measures import ScopeLevel

COUNCIL = (ScopeLevel.COUNCIL, None)


@dataclass(frozen=True)
class Cell:
    """One figure of a breakdown: where it is, and the counts it rests on (None where there is none)."""

    level: ScopeLevel
    scope_id: int | None
    numerator: float | None
    denominator: float | None

    @property
    def key(self) -> tuple[ScopeLevel, int | None]:
        return (self.level, self.scope_id)

    def counts(self) -> list[float]:
        return [number for number in (self.numerator, self.denominator) if number is not None]

    def below(self, threshold: int) -> bool:
        return self.level is not ScopeLevel.COUNCIL and any(number < threshold for number in self.counts())


def team_service_areas() -> dict[int, int | None]:
    """Each team's service area, the structure the figures add up along."""
    from workforce.kernel.models import Team

    return dict(db.session.execute(select(Team.id, Team.service_area_id)).all())


def groups(cells: Iterable[Cell], team_areas: Mapping[int, int | None]) -> list[tuple[Hashable, list[Cell]]]:
    """(parent key, cells that add up to it): areas within the council, teams within the council, teams
    within each area."""
    areas, teams, by_area = [], [], defaultdict(list)
    for cell in cells:
        if cell.level is ScopeLevel.SERVICE_AREA:
            areas.append(cell)
        elif cell.level is ScopeLevel.TEAM:
            teams.append(cell)
            area = team_areas.get(cell.scope_id)
            if area is not None:
                by_area[area].append(cell)
    found = [(COUNCIL, areas), (COUNCIL, teams)]
    found += [((ScopeLevel.SERVICE_AREA, area), members) for area, members in sorted(by_area.items())]
    return [(parent, members) for parent, members in found if members]


def suppressed_cells(
    cells: Iterable[Cell], threshold: int, team_areas: Mapping[int, int | None] | None = None
) -> set[tuple[ScopeLevel, int | None]]:
    """The keys of the cells to show as [c]: primary suppression, then secondary until nothing changes."""
    cells = list(cells)
    team_areas = team_service_areas() if team_areas is None else team_areas
    hidden = {cell.key for cell in cells if cell.below(threshold)}
    if not hidden:
        return hidden
    structure = groups(cells, team_areas)
    present = {cell.key for cell in cells}
    changed = True
    while changed:
        changed = False
        for parent, members in structure:
            suppressed_here = [cell for cell in members if cell.key in hidden]
            shown = [cell for cell in members if cell.key not in hidden]
            if not suppressed_here and parent in hidden and shown:
                # A suppressed area whose teams were all shown would be their sum.
                hidden.add(min(shown, key=lambda cell: (sorted(cell.counts()), cell.scope_id or 0)).key)
                changed = True
                continue
            if len(suppressed_here) != 1:
                continue
            if shown:
                # The smallest sibling: the least information lost (ties by position, so pages, the pack
                # and the API always choose the same cell).
                chosen = min(shown, key=lambda cell: (sorted(cell.counts()), cell.scope_id or 0))
                hidden.add(chosen.key)
                changed = True
            elif parent != COUNCIL and parent in present and parent not in hidden:
                hidden.add(parent)
                changed = True
    return hidden
