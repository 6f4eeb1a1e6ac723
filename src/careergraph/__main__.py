"""``python -m careergraph``: the command line."""

from .cli import main

__all__: list[str] = []

main()
