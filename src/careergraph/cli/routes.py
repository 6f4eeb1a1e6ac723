"""Commands about routes and what they lead to: route, requires, next, plan, compare, reach."""

from __future__ import annotations

import click

from .. import output
from ..errors import NoResultError
from .options import emit, format_option, pass_state, route_options

__all__ = ["COMMANDS", "compare", "next_options", "plan_dates", "reach", "requires", "route"]


@click.command()
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@route_options
@click.option("-k", "--alternatives", "k", type=click.IntRange(min=1), default=1, show_default=True,
              help="Show the K best distinct routes.")
@format_option()
@pass_state
def route(state, source, target, by, via, avoid, have, k, fmt):
    """The best prerequisite-complete route from FROM to TO, with its total years.

    FROM may be a starting profile: "US MD student", "US DO student", "international medical graduate".
    A route from a residency, fellowship or career begins after it (FROM is held, as with --have).

    \b
    Example:
        careergraph route "medical school" "academic medicine"
        careergraph route IMG "interventional cardiology" --have "USMLE Step 1" -k 3
        careergraph route internist cardiologist
    """
    found = state.kg.routes(source, target, via=via, avoid=avoid, have=have, by=by, k=k)
    emit(output.routes([r.to_dict() for r in found], fmt, many=k > 1))


@click.command()
@click.argument("target")
@click.option("--have", multiple=True, help="Something already held or done (repeatable).")
@format_option()
@pass_state
def requires(state, target, have, fmt):
    """Everything needed to reach TARGET, in an order that can be followed.

    Where one of several options will do, the cheapest is listed and the others shown after "or:".

    \b
    Example:
        careergraph requires "pediatric cardiology"
    """
    emit(output.plan(state.kg.requires(target, have=have).to_dict(), fmt))


@click.command("next")
@click.argument("name")
@format_option()
@pass_state
def next_options(state, name, fmt):
    """The options open after NAME, with their lengths.

    \b
    Example:
        careergraph next "internal medicine residency"
    """
    options = [o.to_dict() for o in state.kg.next(name)]
    if not options:
        raise NoResultError(f"nothing follows {state.kg.node(name).label}")
    emit(output.rows(options, output.NEXT_COLUMNS, fmt))


@click.command("plan")
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@click.option("--start", required=True, metavar="YYYY-MM", help="The month the plan starts (e.g. 2026-08).")
@route_options
@click.option("--ics", "ics_path", type=click.Path(dir_okay=False),
              help="Also write the plan as an iCalendar file (all-day events) for calendar apps.")
@format_option()
@pass_state
def plan_dates(state, source, target, start, by, via, avoid, have, ics_path, fmt):
    """The best route from FROM to TO as a dated calendar from --start, on the real annual cycle
    (ERAS, interviews, rank order lists, Match Day, 1 July starts, fellowship matches, board exams).

    \b
    Example:
        careergraph plan "US MD student" cardiologist --start 2026-08
        careergraph plan IMG "internal medicine residency" --start 2027-01 --ics plan.ics
    """
    found = state.kg.plan(source, target, start, via=via, avoid=avoid, have=have, by=by)
    if ics_path:
        from ..ics import write_ics

        click.echo(f"wrote {write_ics(found, ics_path)}: {len(found.events)} events", err=True)
    emit(output.dated_plan(found.to_dict(), fmt))


@click.command()
@click.argument("names", nargs=-1, required=True, metavar="A B [C ...]")
@click.option("--from", "start", default="US MD student", show_default=True,
              help="Where every route starts (the start of medical school).")
@format_option()
@pass_state
def compare(state, names, start, fmt):
    """Specialties or careers side by side: years from the start of medical school, training,
    exams, boards, fellowships that open after, care type and salary where the graph has them.

    \b
    Example:
        careergraph compare "internal medicine residency" "family medicine residency" pediatrician
    """
    emit(output.comparison(state.kg.compare(names, start=start).to_dict(), fmt))


@click.command()
@click.argument("source", metavar="FROM")
@click.option("--within", required=True, type=click.FloatRange(min=0), metavar="YEARS",
              help="How many further years (0 or more).")
@click.option("--have", multiple=True, help="Something already held or done (repeatable).")
@click.option("--type", "kind", help="Only nodes of this kind (e.g. fellowship, career).")
@format_option()
@pass_state
def reach(state, source, within, have, kind, fmt):
    """Everything that can be entered within YEARS further years after FROM (held or done),
    ranked by the years added, each with its shortest route. Exit 1 if nothing is.

    \b
    Example:
        careergraph reach "emergency medicine residency" --within 3
        careergraph reach "internal medicine residency" --within 2 --type fellowship
    """
    emit(output.reachable(state.kg.reach(source, within, have=have, type=kind).to_dict(), fmt))


COMMANDS = [route, requires, next_options, plan_dates, compare, reach]
