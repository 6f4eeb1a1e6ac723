"""The command that serves the graph over HTTP: serve."""

from __future__ import annotations

import click

from ..limits import MAX_MAP_NODES
from .options import Seconds, pass_state

__all__ = ["COMMANDS", "serve"]


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; other than loopback only with --allow-remote.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="0: any free port.")
@click.option("--allow-remote", is_flag=True,
              help="Listen on an address the network can reach (there is no authentication; see README).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes, each with the graph loaded.")
@click.option("--query-timeout", type=Seconds(), default=10.0, show_default=True,
              help="Time limit of each SPARQL query sent to /sparql.")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Rows (or triples) of a SPARQL answer; more are cut, with a header saying so.")
@click.option("--max-map-nodes", type=click.IntRange(min=1), default=MAX_MAP_NODES, show_default=True,
              help="Nodes of the map page; a larger graph gets no map page (the API and /sparql still answer).")
@pass_state
def serve(state, host, port, allow_remote, workers, query_timeout, max_rows, max_map_nodes):
    """Serve the map with a route planner, a JSON API and a read-only SPARQL endpoint over HTTP
    (pip install 'careergraph[serve]').

    \b
    Example:
        careergraph serve
        careergraph --store oxigraph serve --port 8080
    """
    from ..serve import serve as run_server

    load_options = {"paths": state.paths, "cache": state.cache, "store": state.store,
                    "endpoint_graph": state.endpoint_graph, "timeout": state.timeout,
                    "remote_contexts": state.remote_contexts}
    run_server(load_options, lambda: state.kg, host=host, port=port, allow_remote=allow_remote, workers=workers,
               query_timeout=query_timeout, max_rows=max_rows, max_map_nodes=max_map_nodes, announce=lambda text: click.echo(text, err=True))


COMMANDS = [serve]
