"""The interactive map: one self-contained, offline HTML page drawn with vis-network.

:func:`export_html` writes the nodes of the graph (every typed node except sources) and its
relations (progressions, requirements, "one of" options, awards, certifying boards and
subspecialties) to a single HTML file. vis-network's JavaScript and CSS, as shipped with pyvis,
are inlined, so the page needs no network. The default layout is left to right in progression
order, with positions computed here so the page opens at once and looks the same every time.

Everything taken from the graph goes into the page as JSON (with ``<``, ``>`` and ``&`` escaped)
and is put into the document with ``textContent`` only, so labels cannot inject markup or script.
"""

from .data import LAYOUTS, map_data
from .page import ExportSummary, export_html

__all__ = ["ExportSummary", "export_html", "map_data", "LAYOUTS"]
