"""A plan as an iCalendar file (RFC 5545), written with the ``icalendar`` library.

Every row of the plan is an all-day event (DTEND is the day after its last day, as the standard
says), with a stable UID, so importing a newer plan into a calendar app updates the events.
"""

from __future__ import annotations

import os
import re
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from .errors import OutputError


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
    write_atomically(target, calendar_bytes(plan))
    return target


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``target``, then rename it over ``target``.

    The same pattern as the HTML map's writer; to be replaced by the project's shared safe writer.
    """
    directory = target.parent if str(target.parent) else Path(".")
    temporary = None
    try:
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        mask = os.umask(0o022)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)
        os.replace(temporary, target)
        temporary = None
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass
