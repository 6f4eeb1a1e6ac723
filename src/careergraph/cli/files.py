"""Commands that write files: viz (the HTML map), fmt (Turtle in sorted form), generate (a synthetic graph)."""

from __future__ import annotations

import click

from ..errors import NotConformingError
from ..limits import MAX_MAP_NODES
from .options import pass_state, route_options

__all__ = ["COMMANDS", "format_files", "generate", "viz"]


@click.command()
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False),
              help="HTML file to write [default: careergraph.html, or careergraph-route.html with --route].")
@click.option("--open", "open_page", is_flag=True, help="Open the page in a web browser.")
@click.option("--layout", type=click.Choice(["hierarchical", "physics"]), default="hierarchical", show_default=True,
              help="Left to right in progression order, or a force-directed layout.")
@click.option("--focus", help="Only this node and its neighbours.")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True, help="Neighbourhood size for --focus.")
@click.option("--type", "kinds", multiple=True, help="Only nodes of this kind, e.g. fellowship (repeatable).")
@click.option("--route", "route_ends", nargs=2, metavar="FROM TO", help="Highlight the best route from FROM to TO.")
@route_options
@click.option("--reach", "reach_from", metavar="FROM",
              help="Draw what can be entered within --within further years after FROM (as `reach`; --have, "
                   "and --type to keep one kind).")
@click.option("--within", type=click.FloatRange(min=0), metavar="YEARS", help="Years for --reach.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=MAX_MAP_NODES, show_default=True,
              help="Refuse to draw more nodes than this.")
@pass_state
def viz(state, out, open_page, layout, focus, depth, kinds, route_ends, by, via, avoid, have, reach_from, within,
        max_nodes):
    """Write an interactive map of the graph to one offline HTML file.

    --by, --via, --avoid and --have apply with --route; --have and --type with --reach.

    \b
    Example:
        careergraph viz --open
        careergraph viz --focus cardiologist --depth 2 -o cardiology.html
        careergraph viz --route "US MD student" cardiologist
        careergraph viz --reach "emergency medicine residency" --within 3
    """
    from ..htmlmap import export_html

    if (reach_from is None) != (within is None):
        raise click.UsageError("--reach FROM and --within YEARS go together")
    if reach_from is not None and route_ends:
        raise click.UsageError("draw either --route or --reach")
    if reach_from is not None and len(kinds) > 1:
        raise click.UsageError("--reach keeps one --type")
    kg = state.kg
    route = kg.route(*route_ends, via=via, avoid=avoid, have=have, by=by) if route_ends else None
    reach = None
    if reach_from is not None:
        reach = kg.reach(reach_from, within, have=have, type=kinds[0] if len(kinds) == 1 else None)
        kinds = ()  # the kind narrows the reach result, not the map around it
    out = out or ("careergraph-route.html" if route else "careergraph-reach.html" if reach else "careergraph.html")
    summary = export_html(kg, out, focus=focus, depth=depth, types=kinds, route=route, reach=reach, layout=layout,
                          max_nodes=max_nodes)
    click.echo(f"wrote {summary.path}: {summary.nodes} nodes, {summary.edges} edges", err=True)
    if open_page:
        import webbrowser

        if not webbrowser.open(summary.path.resolve().as_uri()):
            click.echo(f"no web browser available: open {summary.path} yourself", err=True)


@click.command("fmt")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--check", is_flag=True, help="Only report files that are not in sorted form (exit 1 if any).")
def format_files(paths, check):
    """Rewrite Turtle files (or the .ttl files of directories) in a stable, sorted form.

    Data changes then show as small diffs.

    \b
    Example:
        careergraph fmt graph/data
        careergraph fmt --check graph/data
    """
    from ..rdffiles import format_file, graph_files

    changed = [path for path in graph_files(paths) if path.suffix == ".ttl" and format_file(path, check=check)]
    if check and changed:
        raise NotConformingError(f"not in sorted form: {', '.join(map(str, changed))}")
    for path in changed:
        click.echo(f"reformatted {path}", err=True)


@click.command()
@click.option("--triples", "-n", type=click.IntRange(min=100), required=True, help="About how many triples.")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), required=True,
              help="Directory to write generated.nt into.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed (same seed, same graph).")
def generate(triples, out_dir, seed):
    """Write a synthetic, realistically shaped career graph for benchmarks and scale tests.

    Load it on top of the bundled graph with --graph DIR.

    \b
    Example:
        careergraph generate --triples 100000 -o /tmp/big
        careergraph --graph /tmp/big route "medical school" gen-fellowship-3-1-specialist
    """
    from ..generate import generate as generate_graph

    path = generate_graph(triples, out_dir, seed=seed)
    click.echo(f"wrote {path}", err=True)


COMMANDS = [viz, format_files, generate]
