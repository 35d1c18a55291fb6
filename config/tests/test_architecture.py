"""The shape of the house, read from every module's imports: the base apps never reach up
into the capabilities, nothing but the root URLs imports the hub, no capability imports
the demo, and no views module imports another (what two pages share lives outside the
views). docs/architecture.md draws the same rules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BASE_APPS = ("accounts", "audit", "govuk", "lib", "config")
CAPABILITIES = (
    "cases",
    "plans",
    "training",
    "partners",
    "community",
    "projects",
    "venues",
    "performance",
    "api",
)
TOP = ("hub", "demo", "bench")
# Tests and migrations may build on anything; the root URLs are where the hub plugs in.
EXEMPT_PARTS = frozenset({"tests", "migrations"})
ROOT_URLS = Path("config/urls.py")


def _modules() -> list[Path]:
    found: list[Path] = []
    for app in (*BASE_APPS, *CAPABILITIES, *TOP):
        folder = ROOT / app
        if folder.is_dir():
            found.extend(path.relative_to(ROOT) for path in folder.rglob("*.py"))
    return sorted(found)


def _package(path: Path) -> str:
    """The package a module's relative imports start from: its folder, for a package's
    __init__.py as for any other module."""
    return ".".join(path.parts[:-1])


def imports(path: Path, source: str | None = None) -> set[str]:
    """Every module `path` imports (given its `source`, or read from the file), relative
    imports resolved, imports made only for type checking included."""
    tree = ast.parse(source if source is not None else (ROOT / path).read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = _package(path).split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _top(module: str) -> str:
    return module.split(".")[0]


def _checked(path: Path) -> bool:
    return not (EXEMPT_PARTS & set(path.parts))


def test_the_modules_are_found() -> None:
    modules = _modules()
    assert Path("cases/views/gateway.py") in modules
    assert Path("hub/views.py") in modules
    assert any("cases.models" in imports(path) for path in modules)


@pytest.mark.parametrize("app", BASE_APPS)
def test_base_apps_import_no_capability_and_not_the_hub(app: str) -> None:
    wrong = {
        f"{path}: {module}"
        for path in _modules()
        if path.parts[0] == app and _checked(path) and path != ROOT_URLS
        for module in imports(path)
        if _top(module) in (*CAPABILITIES, *TOP)
    }
    assert not wrong, sorted(wrong)


@pytest.mark.parametrize(("app", "allowed"), [("lib", ()), ("govuk", ("lib",))])
def test_the_ground_floors_import_only_what_is_below_them(app: str, allowed: tuple[str, ...]) -> None:
    apps = (*BASE_APPS, *CAPABILITIES, *TOP)
    wrong = {
        f"{path}: {module}"
        for path in _modules()
        if path.parts[0] == app and _checked(path)
        for module in imports(path)
        if _top(module) in apps and _top(module) not in (app, *allowed)
    }
    assert not wrong, sorted(wrong)


def test_nothing_but_the_root_urls_imports_the_hub() -> None:
    wrong = {
        f"{path}: {module}"
        for path in _modules()
        if path.parts[0] != "hub" and _checked(path) and path != ROOT_URLS
        for module in imports(path)
        if _top(module) == "hub"
    }
    assert not wrong, sorted(wrong)


def test_no_capability_imports_the_demo() -> None:
    wrong = {
        f"{path}: {module}"
        for path in _modules()
        if path.parts[0] in CAPABILITIES and _checked(path)
        for module in imports(path)
        if _top(module) == "demo"
    }
    assert not wrong, sorted(wrong)


def _is_views(path: Path) -> bool:
    return (
        path.name == "views.py"
        or path.name.startswith("views_")
        or ("views" in path.parts[:-1] and path.name != "__init__.py")
    )


def _views_module_name(path: Path) -> str:
    return ".".join(path.with_suffix("").parts)


def test_no_views_module_imports_another() -> None:
    views = {_views_module_name(path): path for path in _modules() if _is_views(path) and _checked(path)}
    assert "cases.views.gateway" in views
    wrong = set()
    for name, path in views.items():
        for module in imports(path):
            # `from cases.views import intake` names the module as "cases.views.intake".
            if module != name and module in views:
                wrong.add(f"{path}: {module}")
    assert not wrong, sorted(wrong)


def test_the_architecture_test_sees_every_form_of_import() -> None:
    """The checks above would pass vacuously if `imports` missed the forms they must catch."""
    source = "from cases.views import gateway\nfrom . import intake\nimport cases.views.panels\n"
    found = imports(Path("cases/views/sample.py"), source)
    assert {"cases.views.gateway", "cases.views.intake", "cases.views.panels"} <= found
    assert "hub.collect" in imports(Path("govuk/x.py"), "if TYPE_CHECKING:\n    from hub.collect import x\n")


def test_make_test_collects_every_apps_tests() -> None:
    """pytest's testpaths name every folder that holds tests: the hub's tests (that every
    link opens for the role shown it) went unrun from the first commit because the list left them out."""
    import tomllib

    testpaths = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["testpaths"]
    )
    with_tests = {
        path.parent.parent.name
        for path in ROOT.glob("*/tests/__init__.py")
        if not path.parent.parent.name.startswith(".")
    }
    with_tests |= {path.parent.name for path in ROOT.glob("*/test_*.py")}
    assert with_tests <= testpaths, sorted(with_tests - testpaths)


# Which capabilities each capability may import. Training counts the register's people, so
# it builds on partners; partners never imports training (it tells of its changes through
# partners/signals.py). The imports of plans are two shared helpers that live there for
# history (plans.forms.free_text and the bounded table reader plans.spreadsheets.read_table)
# and belong in a base app. Engagement events, communications and commissioned projects are
# linked to the plan actions they deliver, so community and projects build on plans' records
# too; plans never imports them (their figures reach plans through govuk.measures).
CAPABILITY_IMPORTS: dict[str, frozenset[str]] = {
    "partners": frozenset({"plans"}),
    "training": frozenset({"partners", "plans"}),
    "community": frozenset({"partners", "plans"}),
    "projects": frozenset({"partners", "plans"}),
    "venues": frozenset({"partners", "plans"}),
    # Figures, statistics, the self-assessment's evidence and the return read every
    # capability's records; none of them imports performance.
    "performance": frozenset({"cases", "partners", "plans", "training", "community", "projects", "venues"}),
    # The open API serves the capabilities' records through their access layers, query
    # modules and actions; nothing imports it (it plugs in through the root URLs and home.py).
    "api": frozenset({"cases", "partners", "plans", "training", "community", "projects", "performance"}),
}
SHARED_FROM_PLANS = frozenset({"plans.forms", "plans.spreadsheets"})
LINKED_TO_PLANS = frozenset({"community", "projects", "performance", "api"})


def test_capabilities_import_only_the_capabilities_they_build_on() -> None:
    wrong = set()
    for path in _modules():
        app = path.parts[0]
        if app not in CAPABILITIES or not _checked(path):
            continue
        allowed = CAPABILITY_IMPORTS.get(app, frozenset())
        for module in imports(path):
            other = _top(module)
            if other not in CAPABILITIES or other == app:
                continue
            # `from plans import spreadsheets` names "plans" and "plans.spreadsheets".
            shared = module == "plans" or any(module.startswith(name) for name in SHARED_FROM_PLANS)
            if other not in allowed or (other == "plans" and not shared and app not in LINKED_TO_PLANS):
                wrong.add(f"{path}: {module}")
    assert not wrong, sorted(wrong)
