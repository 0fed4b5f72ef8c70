"""Every feature package is laid out with the same file set (docs/architecture.md, "The file set"), so the
same part has the same name in every module: a reader who knows one module finds their way in all of them."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: The parts a feature may have, each under one name.
FILE_SET = {
    "__init__",  # init_app: what the module registers with the kernel
    "constants",  # enums, permissions, fixed values
    "models",  # tables
    "dao",  # every query, scoped
    "services",  # every change: checks, flush, audit trail
    "forms",  # WTForms
    "views",  # routes: forms in, templates out, no queries
    "schemas",  # marshmallow schemas
    "api",  # API resources and bulk imports
    "exports",  # spreadsheets out
    "imports",  # spreadsheets in
    "measures",  # registered measures
    "charts",  # chart data
    "panels",  # home-page panels
    "demo",  # demo data
    "drill_down",  # record lists behind a figure
    "reminders",  # notification rules
    "providers",  # answers offered to other modules through the registry
    "data_checks",  # data-quality checks
    "commands",  # command-line commands
    "jobs",  # background jobs
    "settings",  # council settings the module reads
    "lists",  # the module's record lists: search, filters, sortable columns (the kernel list mechanism)
}
#: Parts that may grow into a package split by sub-area (any module names inside).
PACKAGEABLE = {"models", "views", "forms", "demo"}
#: Folders that hold no Python: page templates (one folder named after the feature) and data files.
NON_CODE = {"templates", "data", "static", "__pycache__"}

#: Domain files a feature keeps under their own name because they are not one of the parts above: each is
#: a body of rules or a process of its own that the services and views call.
DOMAIN_FILES = {
    "supervision": {"policy", "quality", "schedule"},  # policy timeline, quality audits, due dates
    "audits": {"moderation", "sampling"},  # moderation workflow, the monthly sample draw
    "academy": {"careers", "matrix", "rules"},  # early careers (ASYE), training matrix, expiry rules
    "workforce/agency": {"compliance"},  # agency worker compliance checks
    "workforce/caseloads": {"alerts", "mappings", "workloads"},  # thresholds, extract shapes, weighted workloads
    "workforce/census": {"files", "returns", "validation"},  # the DfE CSWW return: files, return, checks
    "workforce/golive": {"checklist", "council", "teams_import"},  # go-live steps
    "workforce/improvement": {"figures", "pack", "periods", "rules"},  # committee pack and its periods
    "workforce/people": {"dashboard", "feed", "survey", "timeline"},  # feed: the monthly HR extract
    "workforce/recruitment": {"erasure", "reports"},  # retention-period erasure, reports
    "workforce/retention": {"reports"},
    "workforce/kernel/audit_trail": {"safety_net", "wording"},  # the unaudited-change check; field words
    "workforce/kernel/auth": {"oidc", "sessions"},
    "workforce/kernel/import_mappings": {"layouts", "reading"},  # each import's columns; reading a file
    "workforce/kernel/jobs": {"queue", "runner"},
    "workforce/kernel/notifications": {"channels", "rounds", "rules"},
}


def feature_packages() -> list[str]:
    """supervision, audits, academy, each workforce feature and each of the kernel's feature packages (a
    package with views). The API (`workforce/api`) is the framework the features' `api.py` plug into and the
    kernel's top level and `operations` are infrastructure, so they are not features."""
    found = ["supervision", "audits", "academy"]
    for parent in ("workforce", "workforce/kernel"):
        for folder in sorted((ROOT / parent).iterdir()):
            relative = folder.relative_to(ROOT).as_posix()
            is_package = (folder / "__init__.py").exists() and relative not in {"workforce/api", "workforce/kernel"}
            if is_package and (parent == "workforce" or (folder / "views.py").exists()):
                found.append(relative)
    return found


def misplaced(package: str) -> list[str]:
    folder = ROOT / package
    allowed = FILE_SET | DOMAIN_FILES.get(package, set())
    problems = []
    for entry in sorted(folder.iterdir()):
        name = entry.stem
        if entry.is_dir():
            if entry.name in NON_CODE:
                continue
            if entry.name not in PACKAGEABLE:
                problems.append(f"{package}/{entry.name}/ is not a part of the file set that may be a package")
            elif (folder / f"{entry.name}.py").exists():
                problems.append(f"{package} has both {entry.name}.py and {entry.name}/")
        elif entry.suffix == ".py" and name not in allowed:
            problems.append(f"{package}/{entry.name} is not in the file set")
    templates = folder / "templates"
    if templates.is_dir():
        inside = sorted(entry.name for entry in templates.iterdir())
        if inside != [folder.name]:
            problems.append(f"{package}/templates holds {inside}, not one folder {folder.name}/")
    return problems


def test_the_walk_finds_every_feature():
    packages = feature_packages()
    assert {"supervision", "workforce/people", "workforce/census", "workforce/kernel/teams"} <= set(packages)
    assert "workforce/kernel/operations" not in packages


@pytest.mark.parametrize("package", feature_packages())
def test_a_feature_package_uses_the_file_set(package):
    assert misplaced(package) == []


def test_every_domain_file_named_in_the_allow_list_exists():
    """An allow-list entry whose file has gone (renamed or folded into the set) is taken off."""
    missing = [
        f"{package}/{name}.py"
        for package, names in DOMAIN_FILES.items()
        for name in names
        if not (ROOT / package / f"{name}.py").exists()
    ]
    assert missing == []


def test_the_check_finds_a_misnamed_file(tmp_path, monkeypatch):
    feature = tmp_path / "feature"
    (feature / "views").mkdir(parents=True)
    (feature / "templates" / "feature").mkdir(parents=True)
    for name in ("__init__.py", "views.py", "home_panels.py", "dao.py"):
        (feature / name).write_text("")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert misplaced("feature") == [
        "feature/home_panels.py is not in the file set",
        "feature has both views.py and views/",
    ]
