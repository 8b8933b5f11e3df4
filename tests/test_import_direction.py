"""ARCHITECTURE.md: data flows one way, top to bottom, and a stray import would tie a
lower layer to a higher one, so every import of the project's own packages is checked:

    netwerk (urls, dashboard, export) -> reviews -> asks, invitations -> contacts
        -> netwerk.accounts -> netwerk.lib

A package may import itself and any package below it; asks and invitations share a layer
and never import each other; inside invitations the two rooms (compose, triage) never
import each other."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Highest first; packages on one line share a layer.
LAYERS = (("netwerk",), ("reviews",), ("asks", "invitations"), ("contacts",), ("netwerk.accounts",), ("netwerk.lib",))
LAYER = {package: depth for depth, packages in enumerate(LAYERS) for package in packages}
# Sub-packages checked as packages of their own (most specific first).
NESTED = ("netwerk.lib", "netwerk.accounts")
ROOMS = ("invitations.compose", "invitations.triage")


def package_of(module: str) -> str | None:
    for package in NESTED:
        if module == package or module.startswith(package + "."):
            return package
    top = module.split(".")[0]
    return top if top in LAYER else None


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    here = module_name(path)
    return imports_in(path.read_text(), package=here if path.name == "__init__.py" else here.rpartition(".")[0])


def imports_in(source: str, *, package: str) -> list[tuple[int, str]]:
    """(line, absolute module) for every import in `source`, a module of `package`,
    relative imports resolved."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            base = package
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
                if not node.module:  # from . import x: each name may be a module
                    found.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names)
                    continue
            else:
                module = node.module
            found.append((node.lineno, module))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return found


def project_files() -> list[Path]:
    return sorted(
        path
        for top in {package.split(".")[0] for package in LAYER}
        if (ROOT / top).is_dir()
        for path in (ROOT / top).rglob("*.py")
        if "migrations" not in path.parts
    )


def test_the_layers_hold():
    offending = []
    for path in project_files():
        own = package_of(module_name(path))
        for line, module in imported_modules(path):
            target = package_of(module)
            if target is None or target == own:
                continue
            if LAYER[target] <= LAYER[own]:
                offending.append(f"{path.relative_to(ROOT)}:{line}: {own} imports {module}")
    assert offending == []


@pytest.mark.parametrize("room", ROOMS)
def test_the_invitation_rooms_never_import_each_other(room):
    others = [other for other in ROOMS if other != room]
    offending = [
        f"{path.relative_to(ROOT)}:{line}: {module}"
        for path in (ROOT / room.replace(".", "/")).rglob("*.py")
        for line, module in imported_modules(path)
        if any(module == other or module.startswith(other + ".") for other in others)
    ]
    assert offending == []


def test_the_check_sees_relative_and_nested_imports():
    """The checker itself: relative imports resolve, and one from netwerk/lib up into the
    top package counts as going up."""
    assert package_of("netwerk.lib.views") == "netwerk.lib"
    assert package_of("netwerk.dashboard") == "netwerk"
    assert package_of("invitations.triage.rules") == "invitations"
    assert package_of("django.db") is None
    assert module_name(ROOT / "netwerk" / "lib" / "views.py") == "netwerk.lib.views"
    source = "from .. import dashboard\nfrom ..accounts.models import User\nfrom . import emails\n"
    modules = [module for _line, module in imports_in(source, package="netwerk.lib")]
    assert modules == ["netwerk.dashboard", "netwerk.accounts.models", "netwerk.lib.emails"]
    assert LAYER[package_of(modules[0])] < LAYER["netwerk.lib"]
