"""The ``careergraph`` command: parses arguments, calls the library, renders the result.

Each command lives in the module of its subject (:mod:`.nodes`, :mod:`.routes`, :mod:`.sparql`,
:mod:`.files`, :mod:`.serve`); this module holds the group, its global options and the one place where typed
errors become messages and exit codes (see :mod:`careergraph.errors` and the README).
"""

from __future__ import annotations

import logging

import click

from .. import __version__
from ..errors import CareerGraphError
from . import files, nodes, routes, serve, sparql
from .options import CONTEXT_SETTINGS, Seconds, State, StoreChoice

__all__ = ["cli", "main"]


class CareerGraphGroup(click.Group):
    """Turns every CareerGraphError into a one-line message and its exit code, in one place."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except CareerGraphError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=CareerGraphGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="careergraph")
@click.option("--graph", "graph_paths", multiple=True, type=click.Path(),
              help="Extra graph file or directory (Turtle, N-Triples, JSON-LD, TriG) added to the bundled graph. Repeatable.")
@click.option("--no-cache", is_flag=True, help="Parse the graph files instead of using the compiled cache.")
@click.option("--store", type=StoreChoice(), default="memory", show_default=True,
              help="Where triples live and SPARQL runs: rdflib in memory, a persistent Oxigraph store "
                   "for large graphs (pip install 'careergraph[oxigraph]'), or the SPARQL 1.1 server at URL "
                   "(read instead of files; credentials: CAREERGRAPH_ENDPOINT_USER / "
                   "CAREERGRAPH_ENDPOINT_PASSWORD or netrc).")
@click.option("--endpoint", metavar="URL", envvar="CAREERGRAPH_ENDPOINT",
              help="The same as --store URL [env: CAREERGRAPH_ENDPOINT].")
@click.option("--endpoint-graph", metavar="IRI", envvar="CAREERGRAPH_ENDPOINT_GRAPH",
              help="The named graph on the server that holds the career graph [env: CAREERGRAPH_ENDPOINT_GRAPH].")
@click.option("--timeout", type=Seconds(), default=60.0, show_default=True, envvar="CAREERGRAPH_TIMEOUT",
              help="Time limit in seconds of each request to the endpoint or a SERVICE, and of a SPARQL query "
                   "[env: CAREERGRAPH_TIMEOUT].")
@click.option("--allow-remote-context", is_flag=True,
              help="Let JSON-LD files fetch the remote @context they name (refused otherwise).")
@click.pass_context
def cli(ctx, graph_paths, no_cache, store, endpoint, endpoint_graph, timeout, allow_remote_context):
    """A knowledge graph of physician career paths: routes, prerequisites and options.

    \b
    Example:
        careergraph route "medical school" "academic medicine"
        careergraph show "interventional cardiology"
    """
    # rdflib logs warnings (such as an IRI it cannot serialise) that the errors say in one line
    logging.getLogger("rdflib").setLevel(logging.ERROR)
    publish_to = None
    if ctx.invoked_subcommand == "publish":
        publish_to, endpoint = endpoint, None  # before publish, --endpoint names the server it writes to
    if endpoint:
        if store != "memory" and store != endpoint:
            raise click.UsageError(f"--store {store} and --endpoint exclude each other")
        store = endpoint
    ctx.obj = State(list(graph_paths), cache=not no_cache, store=store, endpoint_graph=endpoint_graph,
                    timeout=timeout, remote_contexts=allow_remote_context, publish_to=publish_to)


for _module in (nodes, routes, sparql, files, serve):
    for _command in _module.COMMANDS:
        cli.add_command(_command)


def main() -> None:
    cli(prog_name="careergraph")
