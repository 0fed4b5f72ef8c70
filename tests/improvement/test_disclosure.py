"""The subtraction attack on what committee viewers receive: the pack and the API recover no [c] cell.

The attacker knows the council's figures (numerator and denominator) and every cell shown, and that the
figures add up: service areas to the council, teams to the council, teams to their service area. Each
suppressed cell's numerator and denominator is an unknown; the sums are linear equations; a cell is
recovered when the equations fix its value (its unit vector lies in their row space) and the value they
fix is the real one.
"""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import timedelta
from fractions import Fraction

from openpyxl import load_workbook
from sqlalchemy import select

from tests.api.builders import api_client
from workforce.improvement import dao
from workforce.improvement.figures import suppression_threshold
from workforce.improvement.models import PeriodValue
from workforce.improvement.pack import build_pack
from workforce.kernel.contract import registry
from workforce.kernel.disclosure import Cell, team_service_areas
from workforce.kernel.measures import ScopeLevel
from workforce.kernel.models import ServiceArea, Team
from workforce.kernel.roles import Role
from workforce.kernel.spreadsheets import workbook_bytes

SUPPRESSED = "[c]"


def solved(equations: list[tuple[dict, Fraction]]) -> dict:
    """The unknowns the linear equations fix, with the value they fix (Gauss-Jordan elimination)."""
    unknowns = sorted({name for coefficients, _ in equations for name in coefficients}, key=str)
    rows = [
        [Fraction(coefficients.get(name, 0)) for name in unknowns] + [Fraction(rhs)] for coefficients, rhs in equations
    ]
    pivot_row = 0
    pivots = []
    for column in range(len(unknowns)):
        found = next((r for r in range(pivot_row, len(rows)) if rows[r][column] != 0), None)
        if found is None:
            continue
        rows[pivot_row], rows[found] = rows[found], rows[pivot_row]
        lead = rows[pivot_row][column]
        rows[pivot_row] = [value / lead for value in rows[pivot_row]]
        for other in range(len(rows)):
            if other != pivot_row and rows[other][column] != 0:
                factor = rows[other][column]
                rows[other] = [a - factor * b for a, b in zip(rows[other], rows[pivot_row], strict=True)]
        pivots.append((pivot_row, column))
        pivot_row += 1
    fixed = {}
    for row, column in pivots:
        if all(value == 0 for index, value in enumerate(rows[row][:-1]) if index != column):
            fixed[unknowns[column]] = rows[row][-1]
    return fixed


def attack(cells: dict, council: tuple, team_areas: dict) -> list[str]:
    """Recovered cells. `cells`: (level, id) -> (numerator, denominator) or None when [c]."""
    recovered = []
    for side in (0, 1):
        if council[side] is None:
            continue

        def term(key, side=side):
            shown = cells[key]
            return ({}, Fraction(shown[side])) if shown is not None else ({(key, side): 1}, Fraction(0))

        groups = [
            (council[side], [key for key in cells if key[0] is ScopeLevel.SERVICE_AREA]),
            (council[side], [key for key in cells if key[0] is ScopeLevel.TEAM]),
        ]
        by_area = defaultdict(list)
        for key in cells:
            if key[0] is ScopeLevel.TEAM and team_areas.get(key[1]) is not None:
                by_area[team_areas[key[1]]].append(key)
        equations = []
        for total, members in groups:
            if members:
                equations.append(_equation(Fraction(total), members, term))
        for area, members in by_area.items():
            area_key = (ScopeLevel.SERVICE_AREA, area)
            if area_key in cells:
                coefficients, known = _equation(Fraction(0), members, term)
                shown = cells[area_key]
                if shown is None:
                    coefficients[(area_key, side)] = coefficients.get((area_key, side), 0) - 1
                else:
                    known -= Fraction(shown[side])
                equations.append((coefficients, known))
        for (key, _side), value in solved([eq for eq in equations if eq[0]]).items():
            recovered.append((key, side, value))
    return recovered


def _equation(total: Fraction, members, term):
    coefficients, known = {}, total
    for key in members:
        unknown, shown = term(key)
        for name, coefficient in unknown.items():
            coefficients[name] = coefficients.get(name, 0) + coefficient
        known -= shown
    return coefficients, known


def _real_recoveries(recovered, actual: dict) -> list:
    """Recovered values that match the real figure (a wrong solution from a sum that does not hold, such as
    records with no team, recovers nothing)."""
    return [
        (key, side, value)
        for key, side, value in recovered
        if actual.get(key) is not None
        and actual[key][side] is not None
        and abs(float(value) - actual[key][side]) < 1e-6
    ]


def _stored(session, period, measure_id):
    rows = session.execute(
        select(PeriodValue).where(
            PeriodValue.period_id == period.id,
            PeriodValue.measure_id == measure_id,
            PeriodValue.superseded_at.is_(None),
        )
    ).scalars()
    return {(value.scope_level, value.scope_id): (value.numerator, value.denominator) for value in rows}


def _pack_cells(workbook, names):
    """(measure title) -> {(level, id): (numerator, denominator) or None} from the pack's Teams sheet."""
    sheet = workbook["Teams"]
    found = defaultdict(dict)
    rows = list(sheet.iter_rows(values_only=True))
    header = next(index for index, row in enumerate(rows) if row and row[0] == "Measure")
    for row in rows[header + 1 :]:
        title, level, name, value, numerator, denominator = row[:6]
        if title is None:
            continue
        key = names[(level, name)]
        if SUPPRESSED in (value, numerator, denominator):
            assert value == numerator == denominator == SUPPRESSED, f"{title} {name}: a [c] beside a figure"
            found[title][key] = None
        else:
            found[title][key] = tuple(None if item == "[z]" else float(item) for item in (numerator, denominator))
    return found


def test_the_subtraction_attack_recovers_nothing_from_the_demo_pack(demo):
    session = demo.database.session
    period = dao.latest_period(published_only=True)
    plan = dao.list_plans()[0]
    workbook = load_workbook(io.BytesIO(workbook_bytes(build_pack(plan, period.month, published_only=True))))
    names = {
        ("Service area", area.name): (ScopeLevel.SERVICE_AREA, area.id)
        for area in session.execute(select(ServiceArea)).scalars()
    }
    names |= {("Team", team.name): (ScopeLevel.TEAM, team.id) for team in session.execute(select(Team)).scalars()}
    titles = {measure.title: measure.id for measure in registry(demo.client_request.app).measures}
    team_areas = team_service_areas()
    shown_cells = _pack_cells(workbook, names)
    assert len(shown_cells) >= 10
    recovered, suppressed, primary_only_recovered = [], 0, []
    for title, cells in shown_cells.items():
        actual = _stored(session, period, titles[title])
        council = actual[(ScopeLevel.COUNCIL, None)]
        suppressed += sum(1 for value in cells.values() if value is None)
        recovered += [(title, *item) for item in _real_recoveries(attack(cells, council, team_areas), actual)]
        # The same attack against primary suppression alone finds cells: it is a real attack.
        threshold = suppression_threshold()
        primary = {key: (None if Cell(key[0], key[1], *actual[key]).below(threshold) else actual[key]) for key in cells}
        primary_only_recovered += _real_recoveries(attack(primary, council, team_areas), actual)
    assert suppressed > 0
    assert primary_only_recovered, "the demo pack should have cells primary suppression alone leaves exposed"
    assert recovered == []


def test_the_subtraction_attack_recovers_nothing_through_the_api(demo):
    session = demo.database.session
    period = dao.latest_period(published_only=True)
    start = period.month
    end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    committee = api_client(demo.client_request.client, demo.users[Role.COMMITTEE_VIEWER], ["measures:read"])
    leader = api_client(demo.client_request.client, demo.users[Role.SENIOR_LEADER], ["measures:read"])

    def get(api, **query):
        response = api.get("/api/v1/measure-values", start=start.isoformat(), end=end.isoformat(), **query)
        assert response.status_code == 200, response.get_data(as_text=True)
        return {item["measure"]: item for item in response.get_json()["data"]}

    council = get(committee)
    areas = list(session.execute(select(ServiceArea.id).order_by(ServiceArea.id)).scalars())
    shown = {area: get(committee, level="service-area", scope_id=area) for area in areas}
    real = {area: get(leader, level="service-area", scope_id=area) for area in areas}
    recovered, suppressed = [], 0
    for measure_id, figure in council.items():
        cells, actual = {}, {}
        for area in areas:
            item, truth = shown[area][measure_id], real[area][measure_id]
            key = (ScopeLevel.SERVICE_AREA, area)
            assert not truth["suppressed"]
            actual[key] = (truth["numerator"], truth["denominator"])
            if item["suppressed"]:
                assert item["value"] is None and item["numerator"] is None and item["denominator"] is None
                cells[key] = None
                suppressed += 1
            else:
                cells[key] = (item["numerator"], item["denominator"])
        found = attack(cells, (figure["numerator"], figure["denominator"]), {})
        recovered += [(measure_id, *item) for item in _real_recoveries(found, actual)]
    assert suppressed > 0
    assert recovered == []
