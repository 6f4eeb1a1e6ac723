"""A plan as an iCalendar file (RFC 5545), written with the ``icalendar`` library.

Every row of the plan is an all-day event (DTEND is the day after its last day, as the standard
says), with a stable UID, so importing a newer plan into a calendar app updates the events.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

from .files import write_text

__all__ = ["calendar_bytes", "write_ics"]


def calendar_bytes(plan) -> bytes:
    """The plan as iCalendar text."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//careergraph//plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{plan.route.source['label']} \u2192 {plan.route.target['label']}")
    stamp = datetime.now(timezone.utc).replace(microsecond=0)
    for row in plan.events:
        event = Event()
        event.add("uid", f"{row.step}-{_slug(row.label)}-{row.start.isoformat()}@careergraph")
        event.add("dtstamp", stamp)
        event.add("summary", row.label)
        event.add("dtstart", row.start)
        event.add("dtend", row.end + timedelta(days=1))
        description = [text for text in (row.note, *row.sources) if text]
        if description:
            event.add("description", "\n".join(description))
        event.add("categories", [row.type])
        calendar.add_component(event)
    return calendar.to_ical()


def write_ics(plan, path) -> Path:
    """Write ``plan`` to ``path``; the file is replaced whole or left as it was."""
    target = Path(path)
    # iCalendar text is ASCII-safe UTF-8 with CRLF line ends, which text mode keeps as they are
    write_text(target, calendar_bytes(plan).decode("utf-8"))
    return target


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
