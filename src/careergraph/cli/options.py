"""What the commands share: the loaded graph in click's context, parameter types and option stacks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .. import output
from ..errors import CareerGraphError

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["CONTEXT_SETTINGS", "NameValue", "Seconds", "State", "emit", "format_option", "pass_state",
           "route_options", "StoreChoice"]

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

F = TypeVar("F", bound=Callable[..., Any])


class State:
    """Shared state: the ``--graph`` paths and the chosen store, and the graph, loaded on first use."""

    def __init__(self, paths, cache=True, store="memory", endpoint_graph=None, timeout=60.0,
                 remote_contexts=False, publish_to=None):
        self.paths = paths
        self.publish_to = publish_to
        self.remote_contexts = remote_contexts
        self.cache = cache
        self.store = store
        self.endpoint_graph = endpoint_graph
        self.timeout = timeout
        self._kg: KnowledgeGraph | None = None

    def load(self, paths=()) -> KnowledgeGraph:
        """The graph of the chosen store plus the ``--graph`` paths and ``paths``."""
        from ..graph import load

        return load([*self.paths, *paths], cache=self.cache, store=self.store, endpoint_graph=self.endpoint_graph,
                    timeout=self.timeout, remote_contexts=self.remote_contexts)

    @property
    def kg(self) -> KnowledgeGraph:
        if self._kg is None:
            self._kg = self.load()
        return self._kg


pass_state = click.make_pass_decorator(State)


class Seconds(click.ParamType):
    """A time limit: a finite number of seconds above 0."""

    name = "SECONDS"

    def convert(self, value, param, ctx):
        from ..limits import check_timeout

        try:
            return check_timeout(float(value))
        except (ValueError, CareerGraphError):
            self.fail(f"{value!r} is not a finite number of seconds above 0", param, ctx)


class StoreChoice(click.ParamType):
    """A store: memory, oxigraph, or a SPARQL endpoint's http(s) URL."""

    name = "memory|oxigraph|URL"

    def convert(self, value, param, ctx):
        from ..stores import FILE_BACKENDS, is_url

        if value in FILE_BACKENDS or is_url(value):
            return value
        self.fail(f"{value!r} is not a store: use memory, oxigraph, or a SPARQL endpoint's http(s) URL", param, ctx)


class NameValue(click.ParamType):
    """A ``name=value`` query parameter."""

    name = "NAME=VALUE"

    def convert(self, value, param, ctx):
        name, sep, text = value.partition("=")
        if not sep or not name.strip():
            self.fail(f"{value!r} should be name=value", param, ctx)
        return name.strip().lstrip("?"), text


def format_option(choices: Sequence[str] = output.FORMATS) -> Callable[[F], F]:
    return click.option("--format", "fmt", type=click.Choice(choices), default="table", show_default=True,
                        help="Output format.")


def route_options(fn: F) -> F:
    """Options shared by ``route``, ``plan`` and ``viz --route``."""
    for option in reversed([
        click.option("--by", type=click.Choice(["years", "steps"]), default="years", show_default=True,
                     help="Rank routes by total years or by number of steps."),
        click.option("--via", multiple=True, help="Visit this node on the way (repeatable, in order)."),
        click.option("--avoid", multiple=True, help="Never pass through this node (repeatable)."),
        click.option("--have", multiple=True, help="Something already held or done (repeatable)."),
    ]):
        fn = option(fn)
    return fn


def emit(text: str) -> None:
    """Print a rendered result on stdout (messages go to stderr)."""
    click.echo(text)
