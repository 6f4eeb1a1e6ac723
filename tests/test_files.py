"""Every command that writes a file (viz -o, fmt, generate -o) replaces only regular files, writes
through symbolic links, keeps modes, and turns OS errors into one line with nothing left behind."""

import errno
import os
import stat
import tempfile

import pytest

from careergraph.errors import OutputError

UNSORTED = ("@prefix cg: <https://w3id.org/careergraph/> .\n"
            "cg:b cg:requires cg:a .\ncg:a cg:leadsTo cg:b .\n")


def one_line_error(result, code=2):
    """The command failed with ``code``, one line on stderr, and no traceback."""
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result.stderr.strip()


@pytest.fixture
def umask_027():
    old = os.umask(0o027)
    yield
    os.umask(old)


def test_viz_refuses_a_fifo_and_leaves_it_a_fifo(run, tmp_path):
    fifo = tmp_path / "map.html"
    os.mkfifo(fifo)
    message = one_line_error(run("viz", "--type", "board", "-o", fifo))
    assert message == f"Error: {fifo}: is a FIFO, not a regular file; refusing to replace it"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_generate_refuses_a_fifo_in_place_of_its_file(run, tmp_path):
    os.mkfifo(tmp_path / "generated.nt")
    message = one_line_error(run("generate", "--triples", 200, "-o", tmp_path))
    assert "generated.nt: is a FIFO, not a regular file" in message
    assert stat.S_ISFIFO(os.lstat(tmp_path / "generated.nt").st_mode)


@pytest.mark.slow
@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_viz_refuses_a_device_node(run, tmp_path):
    # a copy of /dev/null (major 1, minor 3): as root, renaming over it would succeed
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    message = one_line_error(run("viz", "--type", "board", "-o", device))
    assert "is a character device, not a regular file" in message
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_a_directory_is_refused(tmp_path):
    from careergraph.files import write_text

    with pytest.raises(OutputError, match="is a directory, not a regular file"):
        write_text(tmp_path, "x")


def test_writes_through_a_symlink_and_the_link_stays(run, tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "data.ttl").write_text(UNSORTED)
    link = tmp_path / "data.ttl"
    link.symlink_to(real / "data.ttl")
    result = run("fmt", link)
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(real / "data.ttl")
    assert (real / "data.ttl").read_text() != UNSORTED
    assert sorted(p.name for p in real.iterdir()) == ["data.ttl"]


def test_fmt_keeps_the_file_mode(run, tmp_path):
    path = tmp_path / "data.ttl"
    path.write_text(UNSORTED)
    path.chmod(0o664)
    assert run("fmt", path).exit_code == 0
    assert path.read_text() != UNSORTED
    assert stat.S_IMODE(path.stat().st_mode) == 0o664


def test_new_file_gets_the_umask_mode(run, tmp_path, umask_027):
    out = tmp_path / "map.html"
    assert run("viz", "--type", "board", "-o", out).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    replaced = tmp_path / "old.html"
    replaced.write_text("old")
    replaced.chmod(0o604)
    assert run("viz", "--type", "board", "-o", replaced).exit_code == 0
    assert stat.S_IMODE(replaced.stat().st_mode) == 0o604


@pytest.fixture
def disk_full(monkeypatch):
    """Writes to files opened by descriptor fail with ENOSPC, as on a full disk."""
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, handle):
            self.handle = handle

        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __getattr__(self, name):
            return getattr(self.handle, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

    monkeypatch.setattr(os, "fdopen", lambda *args, **kwargs: Full(real_fdopen(*args, **kwargs)))


def test_viz_on_a_full_disk_keeps_the_old_file_and_leaves_no_temporary(run, tmp_path, disk_full):
    out = tmp_path / "map.html"
    out.write_text("old")
    message = one_line_error(run("viz", "--type", "board", "-o", out))
    assert message == f"Error: {out}: cannot write: No space left on device"
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_generate_on_a_full_disk_leaves_nothing(run, tmp_path, disk_full):
    message = one_line_error(run("generate", "--triples", 200, "-o", tmp_path))
    assert message.endswith("generated.nt: cannot write: No space left on device")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("code", [errno.EACCES, errno.EROFS])
def test_fmt_where_the_directory_cannot_be_written(run, tmp_path, monkeypatch, code):
    path = tmp_path / "data.ttl"
    path.write_text(UNSORTED)

    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    message = one_line_error(run("fmt", path))
    assert message == f"Error: {path}: cannot write: {os.strerror(code)}"
    assert path.read_text() == UNSORTED


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_fmt_in_a_read_only_directory(run, tmp_path):
    path = tmp_path / "data.ttl"
    path.write_text(UNSORTED)
    tmp_path.chmod(0o555)
    try:
        message = one_line_error(run("fmt", path))
    finally:
        tmp_path.chmod(0o755)
    assert message == f"Error: {path}: cannot write: Permission denied"
    assert path.read_text() == UNSORTED


def test_an_error_inside_the_block_leaves_the_file_as_it_was(tmp_path):
    from careergraph.files import replace_file

    path = tmp_path / "out.txt"
    path.write_text("old")
    with pytest.raises(RuntimeError):
        with replace_file(path) as out:
            out.write("half")
            raise RuntimeError("stop")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
