"""ARCHITECTURE.md: data flows one way. `netwerk` (the top) knows the apps; the apps may
use `netwerk.accounts` (the bottom) but never the top package, and `netwerk.accounts`
uses none of the apps. A stray import would tie the bottom to the top, so it is checked."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("contacts", "invitations", "reviews")
# The bottom: the member, and the helpers with no domain (netwerk.lib).
ALLOWED_FROM_APPS = ("netwerk.accounts", "netwerk.lib")


def imported_modules(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return found


def python_files(folder: str) -> list[Path]:
    return [path for path in (ROOT / folder).rglob("*.py") if "migrations" not in path.parts]


@pytest.mark.parametrize("app", APPS)
def test_apps_never_import_the_top_package(app):
    offending = [
        f"{path.relative_to(ROOT)}:{line}: {module}"
        for path in python_files(app)
        for line, module in imported_modules(path)
        if (module == "netwerk" or module.startswith("netwerk."))
        and not any(module == allowed or module.startswith(allowed + ".") for allowed in ALLOWED_FROM_APPS)
    ]
    assert offending == []


def test_accounts_uses_none_of_the_apps():
    offending = [
        f"{path.relative_to(ROOT)}:{line}: {module}"
        for path in python_files("netwerk/accounts")
        for line, module in imported_modules(path)
        if module.split(".")[0] in APPS or module in ("netwerk.dashboard", "netwerk.signals")
    ]
    assert offending == []


# ARCHITECTURE.md: reviews may use invitations and contacts; invitations may use contacts;
# contacts uses neither.
NOT_BELOW = {"contacts": ("invitations", "reviews"), "invitations": ("reviews",)}


@pytest.mark.parametrize("app", sorted(NOT_BELOW))
def test_lower_apps_never_import_higher_ones(app):
    offending = [
        f"{path.relative_to(ROOT)}:{line}: {module}"
        for path in python_files(app)
        for line, module in imported_modules(path)
        if module.split(".")[0] in NOT_BELOW[app]
    ]
    assert offending == []
