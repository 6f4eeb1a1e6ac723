"""The package's stated contract: what every module exports, the result types, and the type information."""

import importlib
import pkgutil
from pathlib import Path

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
