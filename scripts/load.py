"""Load test: signed-in users mixing reads and writes against a running WPQ, then a check of every write.

    DATABASE_URL=postgresql://... python scripts/load.py --url http://127.0.0.1:8000 --users 50 --duration 60

1. Prepares the load users in the database DATABASE_URL names (the one the server uses): half team
   managers (each manages a demo team) and half HR officers, `load-NN@demo-borough.example`, created once
   and reused on later runs. Needs the demo council (`wpq demo load`).
2. Signs every user in through the sign-in page, each from its own loopback address (127.0.0.2, ...)
   so that the per-address sign-in rate limit sees 50 people rather than one.
3. For the duration, each user loops: mostly reads (home page, lists, dashboards, records), and writes
   through the real forms with their CSRF tokens: team managers record supervision sessions for their
   supervisees, HR officers record one-day absences. Each write carries a marker (the agenda text, or the
   person and day of the absence) so it can be found again.
4. Prints requests, answers by status, timings, and then checks that every write the server accepted
   (answered with a redirect) is in the database. Exits 1 on any 5xx answer, error or missing write.

Only the standard library and WPQ itself (for preparing users and checking writes) are used.
"""

from __future__ import annotations

import argparse
import http.client
import random
import re
import statistics
import sys
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser

PASSWORD = "load-test-password-2026"
EMAIL = "load-{number:02d}@demo-borough.example"
#: Absences are written on working days from here on, one day each, so that none overlap.
ABSENCE_START = date(2019, 1, 7)


# Preparing users and checking writes (in-process, against the server's database)


def prepare_users(count: int) -> list[dict]:
    """Create (or reuse) the load users; returns what each worker needs to know."""
    from sqlalchemy import select

    from workforce.app import create_app
    from workforce.extensions import db
    from workforce.kernel import passwords
    from workforce.kernel.auth.services import new_session_token
    from workforce.kernel.models import Team, User
    from workforce.kernel.roles import Role
    from workforce.people.constants import EmploymentType, RegistrationStatus
    from workforce.people.models import Assignment, StaffMember

    app = create_app()
    with app.app_context():
        teams = db.session.execute(select(Team).order_by(Team.id)).scalars().all()
        if not teams:
            sys.exit("No teams: load the demo council first (wpq demo load).")
        password_hash = passwords.hash_password(PASSWORD)
        staff_ids = (
            db.session.execute(
                select(Assignment.staff_id)
                .where(Assignment.end_date.is_(None))
                .distinct()
                .order_by(Assignment.staff_id)
            )
            .scalars()
            .all()
        )
        hr_count = count // 2
        prepared = []
        for number in range(1, count + 1):
            email = EMAIL.format(number=number)
            manager = number % 2 == 1
            role = Role.TEAM_MANAGER if manager else Role.HR
            user = db.session.execute(select(User).where(User.email == email)).scalar()
            team = teams[(number // 2) % len(teams)]
            if user is None:
                user = User(email=email, name=f"Load user {number:02d}", session_token=new_session_token())
                db.session.add(user)
            user.role = role
            user.password_hash = password_hash
            user.deactivated_at = None
            user.failed_sign_ins = 0
            user.locked_until = None
            user.team = team if manager else None
            user.managed_teams = [team] if manager else []
            if manager:
                # A manager records supervision as a supervisor: their account is linked to a staff record.
                number_text = f"LOAD{number:02d}"
                staff = db.session.execute(
                    select(StaffMember).where(StaffMember.employee_number == number_text)
                ).scalar()
                if staff is None:
                    staff = StaffMember(
                        employee_number=number_text,
                        first_name="Load",
                        last_name=f"Manager {number:02d}",
                        employment_type=EmploymentType.PERMANENT,
                    )
                    db.session.add(staff)
                staff.user = user
                staff.swe_number = f"SW{990000 + number}"
                staff.registration_status = RegistrationStatus.REGISTERED
            prepared.append({"email": email, "role": role.value, "number": number})
        db.session.commit()
        hr_users = [user for user in prepared if user["role"] == Role.HR.value]
        for index, user in enumerate(hr_users):
            user["staff_ids"] = staff_ids[index::hr_count] or staff_ids[:1]
        db.session.remove()
    return prepared


def check_writes(supervisions: list[str], absences: list[tuple[int, date]]) -> tuple[int, list[str]]:
    """How many of the accepted writes are in the database, and a description of any that are not."""
    from sqlalchemy import select, tuple_

    from supervision.models import Supervision
    from workforce.app import create_app
    from workforce.extensions import db
    from workforce.people.models import Absence

    app = create_app()
    missing: list[str] = []
    found = 0
    with app.app_context():
        for start in range(0, len(supervisions), 500):
            chunk = supervisions[start : start + 500]
            present = set(db.session.execute(select(Supervision.agenda).where(Supervision.agenda.in_(chunk))).scalars())
            found += len(present)
            missing += [f"supervision with agenda {agenda!r}" for agenda in chunk if agenda not in present]
        for start in range(0, len(absences), 500):
            chunk = absences[start : start + 500]
            present = set(
                db.session.execute(
                    select(Absence.staff_id, Absence.start_date).where(
                        tuple_(Absence.staff_id, Absence.start_date).in_(chunk)
                    )
                ).all()
            )
            found += len({key for key in chunk if key in present})
            missing += [f"absence of staff {staff} on {day}" for staff, day in chunk if (staff, day) not in present]
        db.session.remove()
    return found, missing


# A small browser: cookies, forms, one connection per user from its own address


class FormParser(HTMLParser):
    """The posting forms of a page: action, and the values a browser would send as it stands."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self.options: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("method") or "").lower() == "post":
            self._form = {"action": attributes.get("action") or "", "fields": [], "submit": None}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = (attributes.get("type") or "text").lower()
            if kind == "submit":
                if self._form["submit"] is None:
                    self._form["submit"] = (name, attributes.get("value", ""))
            elif kind in ("checkbox", "radio"):
                self.options.setdefault(name, []).append(attributes.get("value", "y"))
                if "checked" in attributes:
                    self._form["fields"].append((name, attributes.get("value", "y")))
            else:
                self._form["fields"].append((name, attributes.get("value", "")))
        elif tag == "button" and name and self._form["submit"] is None:
            self._form["submit"] = (name, attributes.get("value", ""))
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            value = attributes.get("value", "")
            self.options.setdefault(self._select, []).append(value)
            if self._select_first is None:
                self._select_first = value
            if "selected" in attributes:
                self._form["fields"].append((self._select, value))
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea = name
            self._form["fields"].append((name, ""))

    def handle_data(self, data):
        if self._textarea and self._form and self._form["fields"]:
            name, value = self._form["fields"][-1]
            self._form["fields"][-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "select" and self._select and self._form is not None:
            if not self._select_chosen and self._select_first is not None:
                self._form["fields"].append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._form = None


def main_form(html: str) -> tuple[dict, dict[str, list[str]]]:
    parser = FormParser()
    parser.feed(html)
    if not parser.forms:
        raise LookupError("the page has no posting form")
    return max(parser.forms, key=lambda form: len(form["fields"])), parser.options


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)
    timings: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    supervisions: list[str] = field(default_factory=list)
    absences: list[tuple[int, date]] = field(default_factory=list)
    refused_writes: int = 0
    refusals: Counter = field(default_factory=Counter)

    def record(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.statuses[status] += 1
            self.kinds[kind] += 1
            self.timings.append(seconds)


class Browser:
    def __init__(self, base_url: str, source: str, stats: Stats):
        parts = urllib.parse.urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.source = source
        self.stats = stats
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(
                self.host, self.port, timeout=60, source_address=(self.source, 0)
            )
        return self.connection

    def request(self, kind: str, method: str, path: str, form: list[tuple[str, str]] | None = None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        for attempt in range(2):
            try:
                connection = self._connection()
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                content = response.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, ConnectionError) as error:
                self.connection = None
                if attempt == 1:
                    with self.stats.lock:
                        self.stats.errors.append(f"{method} {path}: {error!r}")
                    raise
        self.stats.record(kind, response.status, time.perf_counter() - started)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.status >= 500:
            with self.stats.lock:
                self.stats.errors.append(f"{method} {path}: {response.status}")
        return response.status, response.getheader("Location") or "", content

    def get(self, path: str, kind: str = "read"):
        return self.request(kind, "GET", path)

    def post_form(self, path: str, values: dict[str, str | list[str]], kind: str = "write"):
        """GET the form, fill in `values` over what the page holds, and post it with its CSRF token."""
        status, _, html = self.get(path, kind="form")
        if status != 200:
            return status, "", html
        form, options = main_form(html)
        fields = [(name, value) for name, value in form["fields"] if name not in values]
        for name, value in values.items():
            for item in value if isinstance(value, list) else [value]:
                fields.append((name, item))
        if form["submit"]:
            fields.append(form["submit"])
        return self.request(kind, "POST", form["action"] or path, fields)


def sign_in(browser: Browser, email: str) -> None:
    status, location, _ = browser.post_form("/sign-in", {"email": email, "password": PASSWORD}, kind="sign-in")
    if status != 302 or "sign-in" in location:
        raise RuntimeError(f"{email} could not sign in (answer {status} {location})")


def supervisee_options(browser: Browser) -> list[str]:
    status, _, html = browser.get("/supervision/record", kind="form")
    _, options = main_form(html)
    return [value for value in options.get("supervisee", []) if value]


def run_user(user: dict, base_url: str, deadline: float, stats: Stats, seed: int) -> None:
    rng = random.Random(seed)
    browser = Browser(base_url, f"127.0.0.{1 + user['number']}", stats)
    try:
        sign_in(browser, user["email"])
        manager = user["role"] == "team-manager"
        reads = ["/", "/staff", "/supervision", "/supervision/schedule", "/caseloads", "/academy"]
        reads += ["/teams", "/workforce-dashboard", "/establishment"] if manager else ["/recruitment", "/agency"]
        supervisees = supervisee_options(browser) if manager else []
        staff_ids = user.get("staff_ids", [])
        day_number = 0
        written = 0
        while time.monotonic() < deadline:
            if rng.random() < 0.7 or (manager and not supervisees) or (not manager and not staff_ids):
                path = rng.choice(reads)
                if not manager and staff_ids and rng.random() < 0.3:
                    path = f"/staff/{rng.choice(staff_ids)}"
                browser.get(path)
                continue
            written += 1
            if manager:
                agenda = f"Load test {seed}-{user['number']:02d}-{written:05d}"
                values = {"supervisee": rng.choice(supervisees), "agenda": agenda, "topics": "workload"}
                status, location, page = browser.post_form("/supervision/record", values)
                if status == 302:
                    with stats.lock:
                        stats.supervisions.append(agenda)
            else:
                staff_id = staff_ids[day_number % len(staff_ids)]
                day = working_day(day_number // len(staff_ids) + seed % 97 * 500)
                day_number += 1
                values = {"reason": "SIC", "start_date": [str(day.day), str(day.month), str(day.year)]}
                values["end_date"] = [str(day.day), str(day.month), str(day.year)]
                status, location, page = browser.post_form(f"/staff/{staff_id}/absences/new", values)
                if status == 302:
                    with stats.lock:
                        stats.absences.append((staff_id, day))
            if status == 302:
                redirect = urllib.parse.urlsplit(location)
                browser.get((redirect.path or "/") + (f"?{redirect.query}" if redirect.query else ""))
            else:
                with stats.lock:
                    stats.refused_writes += 1
                    stats.refusals[f"{status}: {first_error(page)}"] += 1
    except Exception as error:  # reported in the summary, and the run fails
        with stats.lock:
            stats.errors.append(f"{user['email']}: {error!r}")


def first_error(html: str) -> str:
    """The first message of a page's error summary (why a write was refused)."""
    match = re.search(r"govuk-error-summary__list.*?<a [^>]*>(.*?)</a>", html, re.S)
    return re.sub(r"\s+", " ", match.group(1)).strip() if match else "no error summary"


def working_day(number: int) -> date:
    """The number-th working day from ABSENCE_START (Monday to Friday)."""
    weeks, days = divmod(number, 5)
    return ABSENCE_START + timedelta(weeks=weeks, days=days)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100_000)
    args = parser.parse_args(argv)

    print(f"Preparing {args.users} users...", flush=True)
    users = prepare_users(args.users)
    stats = Stats()
    deadline = time.monotonic() + args.duration
    threads = [
        threading.Thread(target=run_user, args=(user, args.url, deadline, stats, args.seed + index), daemon=True)
        for index, user in enumerate(users)
    ]
    print(f"Running {len(threads)} signed-in users for {args.duration:.0f} s against {args.url}...", flush=True)
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(args.duration + 120)
    elapsed = time.monotonic() - started

    total = sum(stats.statuses.values())
    server_errors = sum(count for status, count in stats.statuses.items() if status >= 500)
    print(f"Requests: {total:,} in {elapsed:.0f} s ({total / elapsed:.1f} a second)")
    print("By kind: " + ", ".join(f"{kind} {count:,}" for kind, count in sorted(stats.kinds.items())))
    print("By status: " + ", ".join(f"{status} {count:,}" for status, count in sorted(stats.statuses.items())))
    if stats.timings:
        print(
            f"Response times: median {statistics.median(stats.timings) * 1000:.0f} ms, "
            f"95th percentile {percentile(stats.timings, 0.95) * 1000:.0f} ms, "
            f"slowest {max(stats.timings) * 1000:.0f} ms"
        )
    writes = len(stats.supervisions) + len(stats.absences)
    print(
        f"Writes accepted: {writes:,} ({len(stats.supervisions):,} supervision sessions, "
        f"{len(stats.absences):,} absences); refused by validation: {stats.refused_writes:,}"
    )
    for refusal, count in stats.refusals.most_common(5):
        print(f"  refused {count} times: {refusal}")
    found, missing = check_writes(stats.supervisions, stats.absences)
    print(f"Writes found in the database afterwards: {found:,} of {writes:,}")
    print(f"Server errors (5xx): {server_errors}; other errors: {len(stats.errors) - server_errors}")
    for problem in (stats.errors + missing)[:20]:
        print(f"  {problem}")
    return 1 if stats.errors or missing or server_errors or not writes else 0


if __name__ == "__main__":
    sys.exit(main())
