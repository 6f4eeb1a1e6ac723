"""Commands that speak SPARQL: queries, query, publish."""

from __future__ import annotations

import click

from .. import output
from ..errors import BadInputError
from ..output.sparql import QUERY_FORMATS, query_list, query_result
from .options import NameValue, emit, format_option, pass_state

__all__ = ["COMMANDS", "list_queries", "publish", "query"]


@click.command("queries")
@format_option()
def list_queries(fmt):
    """List the bundled SPARQL queries with their titles and parameters.

    \b
    Example:
        careergraph queries
    """
    from ..sparql import bundled_queries

    emit(query_list([q.to_dict() for q in bundled_queries().values()], fmt))


@click.command()
@click.argument("query", required=False, metavar="NAME|FILE")
@click.option("-e", "--expression", help="SPARQL text to run instead of a bundled query or file.")
@click.option("-p", "--param", "params", multiple=True, type=NameValue(),
              help="Bind a query parameter (repeatable); bound as an RDF term, never pasted into the text.")
@click.option("--allow-service", is_flag=True, help="Allow SERVICE clauses (they make network requests).")
@format_option(QUERY_FORMATS)
@pass_state
def query(state, query, expression, params, allow_service, fmt):
    """Run a bundled SPARQL query by NAME, a .rq FILE, or -e TEXT.

    SELECT and ASK print as a table or as the W3C SPARQL results formats (json, csv, tsv, xml);
    CONSTRUCT and DESCRIBE print Turtle, N-Triples (nt) or JSON-LD. The graph is read-only.

    \b
    Example:
        careergraph query fellowships-by-residency --param residency="internal medicine"
        careergraph query -e 'SELECT ?n WHERE { ?n a cg:Residency }' --format csv
    """
    if bool(query) == bool(expression):
        raise click.UsageError("give either a query NAME or FILE, or -e TEXT")
    result = state.kg.query(query or expression, allow_service=allow_service, timeout=state.timeout,
                            **dict(params))
    emit(query_result(result, fmt))
    if result.type == "SELECT" and fmt == "table":
        click.echo(output.counted(len(result.rows), "row"), err=True)


@click.command()
@click.option("--endpoint", "endpoint_url", metavar="URL", envvar="CAREERGRAPH_ENDPOINT",
              help="The server's SPARQL URL (queries and updates) [env: CAREERGRAPH_ENDPOINT].")
@click.option("--endpoint-graph", metavar="IRI", envvar="CAREERGRAPH_ENDPOINT_GRAPH",
              help="The named graph to load into (default: the server's default graph).")
@click.option("--graph-store", metavar="URL", envvar="CAREERGRAPH_GRAPH_STORE",
              help="The server's SPARQL 1.1 Graph Store Protocol URL; without it, SPARQL UPDATE is used.")
@click.option("--replace", is_flag=True, help="Empty the target graph first.")
@click.option("--batch", type=click.IntRange(min=1),
              help="Triples per request (default: 20000 with --graph-store, 1000 with SPARQL UPDATE).")
@format_option()
@pass_state
def publish(state, endpoint_url, endpoint_graph, graph_store, replace, batch, fmt):
    """Load the bundled graph (plus --graph files) into a SPARQL server, in batches.

    Blank nodes get stable names, so publishing the same data again changes nothing. The server's
    triple count is checked afterwards.

    \b
    Example:
        careergraph publish --endpoint http://127.0.0.1:8890/sparql-auth \\
            --endpoint-graph https://w3id.org/careergraph/graph \\
            --graph-store http://127.0.0.1:8890/sparql-graph-crud-auth
    """
    from ..stores import open_store

    endpoint_url = endpoint_url or state.publish_to
    if not endpoint_url:
        raise BadInputError("publish needs --endpoint URL (or CAREERGRAPH_ENDPOINT)")
    endpoint = open_store(endpoint_url, endpoint_graph=endpoint_graph or state.endpoint_graph, timeout=state.timeout)
    summary = state.kg.publish(endpoint, graph_store=graph_store, replace=replace, batch=batch,
                               progress=lambda done, total: click.echo(f"published {done:,} of {total:,} triples",
                                                                       err=True))
    emit(output.record(summary, fmt))


COMMANDS = [list_queries, query, publish]
