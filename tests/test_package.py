"""The package's stated contract: what every module exports, the result types, and the type information."""

import ast
import importlib
import pkgutil
from pathlib import Path

import networkx as nx

import careergraph

MODULES = sorted(m.name for m in pkgutil.walk_packages(careergraph.__path__, "careergraph.")
                 if not m.name.endswith("__main__"))


def test_every_module_states_its_exports_and_has_them():
    for name in ["careergraph", *MODULES]:
        module = importlib.import_module(name)
        assert isinstance(getattr(module, "__all__", None), list), f"{name} has no __all__"
        assert [n for n in module.__all__ if not hasattr(module, n)] == [], name


def test_result_types_and_errors_come_from_the_package(kg, mini):
    route = kg.route("US MD student", "internal medicine residency")
    assert isinstance(route, careergraph.Route) and all(isinstance(s, careergraph.Step) for s in route.steps)
    assert isinstance(kg.requires("internal medicine residency"), careergraph.RequirementPlan)
    assert all(isinstance(o, careergraph.NextOption) for o in kg.next("internal medicine residency"))
    assert isinstance(kg.query("SELECT ?s WHERE { ?s a cg:Residency } LIMIT 1"), careergraph.QueryResult)
    assert isinstance(mini.validate(), careergraph.ValidationReport)
    assert issubclass(careergraph.NoRouteError, careergraph.NoResultError)
    assert careergraph.NoResultError.exit_code == careergraph.NotConformingError.exit_code == 1


def test_type_information_ships_with_the_package():
    assert (Path(careergraph.__file__).parent / "py.typed").is_file()


def _imports_within_the_package() -> nx.DiGraph:
    """Module -> module it imports, for every import in careergraph, function-local ones included
    (a local import must not hide a cycle)."""
    root = Path(careergraph.__file__).parent
    modules = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        package = parts[-1] == "__init__"
        modules[".".join(parts[:-1] if package else parts)] = (path, package)
    graph = nx.DiGraph()
    for name, (path, package) in modules.items():
        base = name.split(".") if package else name.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                origin = node.module or ""
                if node.level:
                    origin = ".".join(base[:len(base) - node.level + 1] + ([node.module] if node.module else []))
                targets = [f"{origin}.{alias.name}" for alias in node.names]
            else:
                continue
            for target in targets:
                while target not in modules and "." in target:
                    target = target.rsplit(".", 1)[0]
                if target in modules and target != name:
                    graph.add_edge(name, target)
    return graph


def test_no_import_cycle():
    assert list(nx.simple_cycles(_imports_within_the_package())) == []


def test_no_module_over_400_lines():
    root = Path(careergraph.__file__).parent
    long = {str(p.relative_to(root)): n for p in root.rglob("*.py") if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
