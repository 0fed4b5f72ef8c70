"""axe-core on every page type the demo roles can reach, and reflow at 320 CSS pixels.

Each role signs in and follows the links it is shown, visiting one page of each kind (numbers in a path
are treated as the same kind); downloads and sign-out are not followed. Each kind of page is checked once
in the run, by the first role that reaches it, and every role's home page is checked. A serious or
critical axe violation fails the test, naming the page and the rule.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import sign_in
from workforce.kernel.demo import DEMO_PASSWORD, DEMO_USERS, demo_email

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
#: The second engine, IBM Equal Access (installed by `make assets` from tests/browser/engines/package.json).
ACE = Path(__file__).resolve().parent / "engines" / "node_modules" / "accessibility-checker-engine" / "ace.js"
#: Pages and violations the second engine checked in this run, for the summary printed at the end.
ACE_COUNTS = {"pages": 0, "violations": 0}
MAX_PAGE_KINDS = 40
#: Kinds of page already checked in this run, by whichever role reached them first.
CHECKED_KINDS: set[str] = set()
SKIPPED = re.compile(r"(/sign-out|/download|/export|/committee-pack|\.xlsx|\.csv|\.pdf|/assets/|/static/)")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def page(browser, live_server):
    """A page that lets the test inject axe-core despite WPQ's content security policy."""
    context = browser.new_context(base_url=live_server, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def page_kind(path: str) -> str:
    return re.sub(r"/\d+", "/{id}", path)


#: Pages larger than this (the whole council's training matrix, say) are checked on their first part only:
#: axe's time grows with the page, and every row of a table repeats the markup of the first.
MAX_ELEMENTS = 6000


def axe_violations(page) -> list[str]:
    if page.evaluate("document.getElementsByTagName('*').length") > MAX_ELEMENTS:
        page.evaluate(
            """(limit) => { for (const body of document.querySelectorAll('tbody')) {
                 while (body.rows.length > limit) body.deleteRow(-1); } }""",
            25,
        )
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} - "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
            for node in violation["nodes"][:3]
        )
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def ace_violations(page) -> list[str]:
    """IBM Equal Access's violations (its WCAG 2.2 AA policy, "IBM_Accessibility") on the page as it is."""
    if not page.evaluate("typeof window.ace !== 'undefined'"):
        page.add_script_tag(content=ACE.read_text(encoding="utf-8"))
    results = page.evaluate(
        """async () => {
             const report = await new ace.Checker().check(document, ["IBM_Accessibility"]);
             return report.results
               .filter(result => result.value[0] === "VIOLATION" && result.value[1] === "FAIL")
               .map(result => [result.ruleId, result.message, result.path.dom]);
           }"""
    )
    ACE_COUNTS["pages"] += 1
    ACE_COUNTS["violations"] += len(results)
    return [f"ace {rule}: {message} - {where}" for rule, message, where in results]


def both_engines(page) -> list[str]:
    # Open every details component first: what it holds must be accessible once a person opens it, and
    # IBM's engine cannot name the fields inside a closed one (it reports their labels as missing).
    page.evaluate("document.querySelectorAll('details').forEach((details) => { details.open = true; })")
    return axe_violations(page) + ace_violations(page)


def crawl(page, live_server):
    seen_kinds: dict[str, str] = {}
    queue = ["/"]
    while queue and len(seen_kinds) < MAX_PAGE_KINDS:
        path = queue.pop(0)
        kind = page_kind(path)
        if kind in seen_kinds:
            continue
        response = page.goto(path)
        if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            seen_kinds[kind] = path
            continue
        seen_kinds[kind] = path
        yield path
        for href in page.eval_on_selector_all("a[href]", "links => links.map(link => link.getAttribute('href'))"):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or SKIPPED.search(href):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query and "page=" not in parts.query else "")
            if page_kind(parts.path) not in seen_kinds:
                queue.append(target)


@pytest.mark.skipif(
    not (AXE.exists() and ACE.exists()) and not os.environ.get("WPQ_REQUIRE_BROWSER"),
    reason="the accessibility engines are not installed (run `make assets`)",
)
@pytest.mark.parametrize("role", [role for role, _name, _local in DEMO_USERS], ids=lambda role: role.value)
def test_every_page_a_role_reaches_has_no_serious_accessibility_violations(page, live_server, role):
    local_part = next(local for listed, _name, local in DEMO_USERS if listed is role)
    sign_in(page, demo_email(local_part), DEMO_PASSWORD)
    problems = []
    visited = 0
    for path in crawl(page, live_server):
        visited += 1
        kind = page_kind(path.split("?")[0])
        # Each kind of page is checked once in the run (the home page, which differs by role, for every role).
        if kind in CHECKED_KINDS and kind != "/":
            continue
        CHECKED_KINDS.add(kind)
        problems += [f"{path}: {violation}" for violation in both_engines(page)]
    assert visited >= 2, "the crawl reached too few pages"
    assert not problems, "\n".join(problems)


def test_the_public_pages_have_no_serious_accessibility_violations(page):
    problems = []
    for path in ("/sign-in", "/accessibility-statement", "/privacy-notice"):
        page.goto(path)
        problems += [f"{path}: {violation}" for violation in both_engines(page)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", ["/sign-in", "/", "/account", "/teams"])
def test_pages_reflow_at_320_css_pixels(page, path):
    sign_in(page, demo_email("hr"), DEMO_PASSWORD)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow} pixels at 320 CSS pixels"
