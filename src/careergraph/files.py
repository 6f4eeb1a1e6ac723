"""Writing output files safely: the one routine every command that writes a file goes through.

:func:`replace_file` writes to a temporary file next to the target and renames it over the target,
so a reader sees the old file or the new one, never half of one. Its rules:

- Only a regular file is replaced. A directory, FIFO, socket or device (``/dev/null``, a terminal)
  is refused: renaming over it would put a file in its place, or block on it.
- A symbolic link is written through: its target is replaced and the link stays a link.
- A replaced file keeps its permission bits (and, where the system allows, its owner and group);
  a new file gets ``0o666`` less the umask, as ``open()`` would give it.
- Any OS error (no space, permission denied, read-only file system, ...) becomes one
  :class:`OutputError` naming the path, and the temporary file is removed: nothing is left behind.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from .errors import OutputError

__all__ = ["replace_file", "write_text"]

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


@contextlib.contextmanager
def replace_file(path):
    """Open a replacement for ``path`` for writing; on leaving the block it takes the place of ``path``.

    Yields a UTF-8 text handle. If the block raises, ``path`` is left as it was.

    Raises
    ------
    OutputError
        ``path`` is not a regular file, or it cannot be written.
    """
    shown = Path(path)
    # the file a symbolic link (or a chain of them) points to; the link itself is left alone
    target = Path(os.path.realpath(shown))
    try:
        current = os.stat(target)
    except FileNotFoundError:
        current = None
    except OSError as exc:
        raise OutputError(f"{shown}: cannot write: {exc.strerror or exc}") from None
    if current is not None and not stat.S_ISREG(current.st_mode):
        raise OutputError(f"{shown}: is {_kind(current.st_mode)}, not a regular file; refusing to replace it")
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        if current is None:
            os.chmod(temporary, 0o666 & ~_umask())
        else:
            with contextlib.suppress(OSError):  # only root may give a file away
                os.chown(temporary, current.st_uid, current.st_gid)
            os.chmod(temporary, stat.S_IMODE(current.st_mode))
        os.replace(temporary, target)
        temporary = None
    except OSError as exc:
        raise OutputError(f"{shown}: cannot write: {exc.strerror or exc}") from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def write_text(path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` by the rules of :func:`replace_file`."""
    with replace_file(path) as out:
        out.write(text)
