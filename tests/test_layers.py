"""The layers of spamkit: data flows one way, and no module imports one above it.

raw mail -> parsed mail -> detectors and tokens -> rule table -> features -> model ->
verdict -> batch, integrations -> command line.  Every import counts: at the top of a
module, inside a function (lazy), and under ``TYPE_CHECKING``.  A module may import its
own layer or any layer below it, never one above, and no import forms a cycle.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

#: The source tree, not the installed package: .ci/run installs a wheel, which also holds
#: the shipped model as the data package ``spamkit._models``.
SRC = Path(__file__).resolve().parents[1] / "src" / "spamkit"

#: The layers, lowest first: (what the layer does, the modules in it).  A module's name is
#: its path under ``src/spamkit`` (a package counts with its modules).
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "parse: bytes to ParsedMail, and the data files",
        (
            "_version",
            "errors",
            "normalise",
            "charsets",
            "links",
            "html",
            "ziplist",
            "domains",
            "message",
            "datafiles",
        ),
    ),
    ("detect and tokenise: what a mail shows", ("detectors", "text")),
    ("rule table: names, scores, metas, pattern rules", ("rules",)),
    ("features: mail + rule hits -> what the model reads", ("features",)),
    ("model: score features, persist", ("model",)),
    ("verdict and training pipeline", ("classifier", "explain", "pipeline")),
    (
        "applications: training, evaluation, archives, batch, mail servers",
        (
            "metrics",
            "provenance",
            "training",
            "evaluation",
            "report",
            "card",
            "archives",
            "batch",
            "integrations",
            "synthetic",
        ),
    ),
    ("command line and the package face", ("cli", "__main__", "__init__")),
)
LAYER_OF = {module: level for level, (_, modules) in enumerate(LAYERS) for module in modules}


def module_name(path: Path) -> str:
    """``detectors/sender.py`` -> ``detectors.sender``; ``cli/__init__.py`` -> ``cli``."""
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The spamkit modules ``path`` imports anywhere in it (lazy and TYPE_CHECKING too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                prefix = ".".join([*base, *(node.module.split(".") if node.module else [])])
                stem = f"spamkit.{prefix}" if prefix else "spamkit"
            else:
                stem = node.module or ""
            targets = [stem, *(f"{stem}.{a.name}" for a in node.names)]
        for target in targets:
            if target != "spamkit" and not target.startswith("spamkit."):
                continue
            inner = target.removeprefix("spamkit").removeprefix(".") or "__init__"
            while inner and inner not in known and "." in inner:
                inner = inner.rpartition(".")[0]
            if inner in known and inner != name:
                found.add(inner)
    return found


@functools.cache
def graph() -> dict[str, set[str]]:
    """Every module's spamkit imports (parsed once per test run)."""
    mods = modules()
    return {name: imports(name, path, set(mods)) for name, path in mods.items()}


def layer(module: str) -> int:
    return LAYER_OF.get(module, LAYER_OF.get(module.split(".")[0], -1))


def test_every_module_has_a_layer():
    unplaced = sorted(m for m in modules() if layer(m) < 0)
    assert unplaced == [], f"place these modules in LAYERS: {unplaced}"


def test_no_module_imports_one_above_it():
    upward = [
        f"{module} (layer {layer(module)}: {LAYERS[layer(module)][0]}) imports {target} "
        f"(layer {layer(target)}: {LAYERS[layer(target)][0]})"
        for module, targets in sorted(graph().items())
        for target in sorted(targets)
        if layer(target) > layer(module)
    ]
    assert upward == []


def test_no_import_cycle():
    edges = graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_the_checker_sees_lazy_and_relative_imports():
    edges = graph()
    assert "features" in edges["classifier"] and "rules" in edges["features"]
    assert "pipeline" in edges["cli.learn"]  # imported inside run()
    assert "model" in edges["classifier"]  # inside __init__ and under TYPE_CHECKING
    assert {"detectors._base", "datafiles"} <= edges["detectors.sender"]
    assert "detectors.conversation" in edges["detectors"]
