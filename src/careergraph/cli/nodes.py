"""Commands about nodes and the graph as a whole: show, search, list, stats, validate."""

from __future__ import annotations

import click

from .. import output
from ..errors import NoResultError, NotConformingError
from .options import emit, format_option, pass_state

__all__ = ["COMMANDS", "list_nodes", "search", "show", "stats", "validate"]


@click.command()
@click.argument("name")
@format_option()
@pass_state
def show(state, name, fmt):
    """Everything the graph says about one node.

    NAME may be an IRI, a CURIE (cg:md-program), a slug, a label or an alternative label.

    \b
    Example:
        careergraph show "interventional cardiology" --format json
    """
    emit(output.record(state.kg.record(name), fmt))


@click.command()
@click.argument("text")
@click.option("--type", "kind", help="Only nodes of this kind (e.g. fellowship, career).")
@format_option()
@pass_state
def search(state, text, kind, fmt):
    """Find nodes whose names or definition contain TEXT.

    \b
    Example:
        careergraph search cardio --type fellowship
    """
    found = [r.to_dict() for r in state.kg.search(text, type=kind)]
    if not found:
        raise NoResultError(f"no node matches {text!r}")
    emit(output.rows(found, output.NODE_COLUMNS, fmt))


@click.command("list")
@click.option("--type", "kind", help="Only nodes of this kind: profile, education, exam, process, residency, "
                                     "fellowship, preliminary-year, training, licensure, certification, "
                                     "credential, career, board, stage, source.")
@format_option()
@pass_state
def list_nodes(state, kind, fmt):
    """List the nodes of the graph, by kind and label.

    \b
    Example:
        careergraph list --type residency
    """
    emit(output.rows([r.to_dict() for r in state.kg.nodes(type=kind)], output.NODE_COLUMNS, fmt))


@click.command()
@format_option()
@pass_state
def stats(state, fmt):
    """Counts of triples, nodes by kind and relations.

    \b
    Example:
        careergraph stats --format json
    """
    emit(output.record(state.kg.stats(), fmt))


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@format_option()
@pass_state
def validate(state, paths, fmt):
    """Check the graph (plus PATHS) against the SHACL shapes. Exit 1 if it does not conform.

    \b
    Example:
        careergraph validate my-data.ttl
    """
    kg = state.load(paths) if paths else state.kg
    report = kg.validate()
    emit(output.validation(report.to_dict(), fmt))
    if fmt != "json" and report.provenance is not None:
        click.echo(f"warning: {len(report.provenance.without_primary)} facts have no primary source "
                   "(listed by --format json)", err=True)
    if not report.conforms:
        raise NotConformingError(f"does not conform: {output.counted(len(report.violations), 'violation')}")
    click.echo(f"conforms: {len(kg.graph)} triples in {kg.store.origin}", err=True)


COMMANDS = [show, search, list_nodes, stats, validate]
