"""Each run's figures kept as JSON, and docs/performance.md written from all of them."""

from __future__ import annotations

import json
import subprocess
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from bench.harness import Figure, Report, machine_description

DATABASES = ("SQLite", "PostgreSQL")
SIZES = ("large", "stress")
#: Units where more is better: the stress/large cost ratio of these is large / stress.
RATES = ("req/s", "rows/s")
#: The issue's ceiling for stress cost / large cost of every figure.
STRESS_CEILING = 12

GROUP_ORDER = {"Data": 0, "Roll-up": 1, "Pages": 2, "Exports": 3, "Imports": 4, "Memory": 5, "Jobs": 6}
#: Figures from groups of a run that was not repeated are kept from the earlier run.
GROUP_OF = {"Roll-up": "rollup", "Pages": "pages", "Exports": "exports", "Imports": "imports", "Jobs": "jobs"}


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).parent,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _group(figure: dict) -> str | None:
    if figure["group"] == "Memory":
        return "imports" if "import" in figure["name"] else "exports"
    return GROUP_OF.get(figure["group"])


def save_result(report: Report, folder: Path, groups: list[str]) -> Path:
    """Keep a run's figures; figures of groups this run did not measure stay as the earlier run left them."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{report.database.lower()}-{report.size}.json"
    kept: list[dict] = []
    if path.exists():
        earlier = json.loads(path.read_text())
        kept = [figure for figure in earlier["figures"] if _group(figure) not in groups and figure["group"] != "Data"]
        if not any(figure.group == "Data" for figure in report.figures):
            kept += [figure for figure in earlier["figures"] if figure["group"] == "Data"]
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    data = {
        "database": report.database,
        "size": report.size,
        "measured": now,
        "commit": _commit(),
        "machine": machine_description(),
        "groups": groups,
        "figures": kept + [asdict(figure) for figure in report.figures],
        "failures": report.failures,
        "notes": report.notes,
    }
    path.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
    return path


def _load(folder: Path) -> dict[tuple[str, str], dict]:
    results = {}
    for path in sorted(folder.glob("*.json")) if folder.exists() else []:
        data = json.loads(path.read_text())
        data["figures"] = [Figure(**figure) for figure in data["figures"]]
        results[(data["database"], data["size"])] = data
    return results


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def _ratio(figure: Figure) -> str:
    return f"{figure.ratio:.2f}" if figure.ratio is not None else "n/a"


MET = {True: "yes", False: "**no**", None: "-"}


def _run_table(result: dict) -> list[str]:
    lines = [
        "| Group | What | Figure | Baseline | Ratio | Target | Met | Detail |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for figure in sorted(result["figures"], key=lambda figure: GROUP_ORDER.get(figure.group, len(GROUP_ORDER))):
        lines.append(
            f"| {figure.group} | {figure.name} | {_number(figure.value)} {figure.unit} | {_number(figure.baseline)} | "
            f"{_ratio(figure)} | {figure.target} | {MET[figure.met]} | {figure.detail} |"
        )
    return lines


def _cost(figure: Figure) -> float:
    if figure.unit in RATES:
        return 1 / figure.value if figure.value else float("inf")
    return figure.value


def _key(figure: Figure) -> tuple[str, str]:
    """A figure's identity across sizes: a page by its name and role (its path holds ids that differ)."""
    return figure.group, figure.name.split(" /")[0] if figure.group == "Pages" else figure.name


def _stress_table(large: dict, stress: dict) -> list[str]:
    by_name = {_key(figure): figure for figure in large["figures"]}
    lines = [
        f"| Group | What | Large | Stress | Stress/large cost | Within {STRESS_CEILING} |",
        "|---|---|---|---|---|---|",
    ]
    for figure in stress["figures"]:
        other = by_name.get(_key(figure))
        if other is None or figure.group == "Data" and figure.name != "demo generation":
            continue
        ratio = _cost(figure) / _cost(other) if _cost(other) else float("inf")
        lines.append(
            f"| {figure.group} | {figure.name} | {_number(other.value)} {other.unit} | "
            f"{_number(figure.value)} {figure.unit} | {ratio:.1f} | {MET[ratio <= STRESS_CEILING]} |"
        )
        if figure.p95_ms and other.p95_ms:
            p95 = figure.p95_ms / other.p95_ms
            lines.append(
                f"| {figure.group} | {figure.name}: p95 | {other.p95_ms:.0f} ms | {figure.p95_ms:.0f} ms | "
                f"{p95:.1f} | {MET[p95 <= STRESS_CEILING]} |"
            )
    return lines


def _summary(results: dict[tuple[str, str], dict]) -> list[str]:
    """Per target and run: how many figures met it."""
    lines = ["| Target | " + " | ".join(f"{db} {size}" for db, size in results) + " |"]
    lines.append("|---|" + "---|" * len(results))
    targets: dict[str, dict[tuple[str, str], list[bool]]] = {}
    for key, result in results.items():
        for figure in result["figures"]:
            if figure.met is None:
                continue
            targets.setdefault(f"{figure.group}: {figure.target}", {}).setdefault(key, []).append(figure.met)
    for target, runs in sorted(targets.items(), key=lambda item: GROUP_ORDER.get(item[0].split(":")[0], 9)):
        cells = []
        for key in results:
            marks = runs.get(key)
            cells.append("-" if not marks else f"{sum(marks)} of {len(marks)} met")
        lines.append(f"| {target} | " + " | ".join(cells) + " |")
    cells = []
    for database, size in results:
        large, stress = results.get((database, "large")), results.get((database, "stress"))
        marks = _within_ceiling(large, stress) if size == "stress" and large else []
        cells.append("-" if not marks else f"{sum(marks)} of {len(marks)} met")
    if any(cell != "-" for cell in cells):
        lines.append(f"| Stress/large cost at most {STRESS_CEILING} | " + " | ".join(cells) + " |")
    return lines


def _within_ceiling(large: dict, stress: dict) -> list[bool]:
    by_name = {_key(figure): figure for figure in large["figures"]}
    marks = []
    for figure in stress["figures"]:
        other = by_name.get(_key(figure))
        if other is None or figure.group == "Data" or figure.name == "bare Flask route":
            continue
        marks.append(_cost(figure) / _cost(other) <= STRESS_CEILING if _cost(other) else False)
        if figure.p95_ms and other.p95_ms:
            marks.append(figure.p95_ms / other.p95_ms <= STRESS_CEILING)
    return marks


def _last_line(failure: str) -> str:
    """A failure's last line (for a traceback: the exception), the whole of it kept in the JSON result."""
    lines = failure.strip().splitlines()
    return lines[-1] if lines else failure


def _order(key: tuple[str, str]) -> tuple[int, int]:
    database, size = key
    return (
        DATABASES.index(database) if database in DATABASES else len(DATABASES),
        SIZES.index(size) if size in SIZES else -1,
    )


def write_markdown(folder: Path, path: Path, gaps: Path) -> None:
    results = _load(folder)
    ordered = {key: results[key] for key in sorted(results, key=_order)}
    lines = [
        "# WPQ performance",
        "",
        "Written by `make bench` (`python -m bench --database both`) from the figures of its latest runs; edit",
        "`docs/performance-gaps.md`, not this file, which is rewritten. Every figure is measured against a",
        "baseline run in the same process on the same data, so the ratios hold from one machine to another better",
        "than the raw times do. The benchmark never fails on a slow figure, only when a run breaks.",
        "",
        "What is measured, each at the large size (about 1,200 staff, five years of every module) and the",
        "ten-times stress size, on SQLite and on PostgreSQL:",
        "",
        "- Roll-up: every registered measure for the last complete month at council, every service area and every",
        "  team scope (inside `roll_up()`, as the reporting periods compute them), against reading every row of",
        "  every table once with plain `SELECT`s (the audit trail aside).",
        "- Pages: each role's home page and the main pages, served by the real WSGI app (werkzeug's threaded",
        "  server) to 8 concurrent keep-alive clients, after signing in through the sign-in form; requests per",
        "  second and 95th-percentile latency, against a bare Flask route in the same server. A slow page stops",
        "  after `--page-seconds` (20 by default, 8 or 10 in the runs below; at least 8 requests), so its rate",
        "  is over the requests made.",
        "- Exports: the committee pack, the census return's Excel workbook and the training-matrix export, built as",
        "  their jobs do, against writing the same cell values with openpyxl's write-only mode.",
        "- Imports: a 100,000-row caseload snapshot and a 5,000-row HR staff extract (Excel), checked and saved as",
        "  the upload does, against reading the same file with openpyxl; rows per second of each.",
        "- Memory: each export and import runs in a process of its own (`python -m bench.workloads`); the figure",
        "  is that process's peak resident memory while it works (Linux `VmHWM`, reset once WPQ is loaded and",
        "  connected), the baseline its resident memory at that point.",
        "- Jobs (`python -m bench.jobs`): a senior leader computes and then publishes a month through the pages",
        "  while a real worker process (`wpq worker`) does the work; each job's time from the button to its",
        "  progress page saying Done, the worker's peak memory, and the slowest web request of the run (target:",
        "  under 1 s, since no work runs in a request). Then a 50,000-row caseload import whose worker is killed",
        "  with SIGKILL while it saves: after a new worker starts, the import must be saved once or failed with",
        "  nothing saved, and its upload removed.",
        "",
    ]
    if not ordered:
        lines += ["No run has completed yet.", ""]
    machines = sorted({result["machine"] for result in ordered.values()})
    if machines:
        lines += ["Machine: " + "; ".join(machines) + ". It is shared with other work, so absolute times vary", ""]
        lines[-2] += " between runs; compare the ratios."
    if ordered:
        lines += ["## Targets", ""] + _summary(ordered) + [""]
    for (database, size), result in ordered.items():
        lines += [f"## {database}, {size} size", ""]
        lines += [f"Measured {result['measured']} at commit {result['commit']}.", ""]
        lines += _run_table(result)
        if result["notes"]:
            lines += [""] + [f"- {note}" for note in result["notes"]]
        if result["failures"]:
            lines += ["", "Runs that failed:", ""]
            lines += [f"- {_last_line(failure)}" for failure in result["failures"]]
        lines.append("")
    for database in DATABASES:
        large, stress = ordered.get((database, "large")), ordered.get((database, "stress"))
        if large and stress:
            lines += [f"## {database}: stress against large", ""]
            lines += [
                f"Cost at the stress size over cost at the large size (time, memory, or 1/rate); target at most "
                f"{STRESS_CEILING} for every figure.",
                "",
            ]
            lines += _stress_table(large, stress) + [""]
    missing = [f"{db} {size}" for db in DATABASES for size in SIZES if (db, size) not in ordered]
    if missing:
        lines += ["## Not measured", "", "No completed run for: " + ", ".join(missing) + " (see below).", ""]
    from bench.working_day import markdown as working_day_markdown

    lines += working_day_markdown()
    if gaps.exists():
        lines += [gaps.read_text(encoding="utf-8").rstrip(), ""]
    path.write_text("\n".join(lines), encoding="utf-8")
