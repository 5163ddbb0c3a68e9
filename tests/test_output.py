"""output.py: outputs are written atomically and only when their bytes change, never
through a symlink or over a folder, device or FIFO; a mirror folder holds only what
spkgen wrote there (its marker lists it); the make depfile."""
import os

import pytest

from spkgen import output
from spkgen.errors import SpkgenError
from spkgen.output import (
    MIRROR_MARKER,
    check_mirror,
    make_depfile,
    mirror_folder,
    remove_if_present,
    write_if_changed,
)


def test_write_if_changed_writes_only_when_the_bytes_change(tmp_path):
    path = tmp_path / "out"
    assert write_if_changed(str(path), "one\n") is True
    assert path.read_bytes() == b"one\n" and oct(path.stat().st_mode & 0o777) == "0o644"
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    inode = path.stat().st_ino
    assert write_if_changed(str(path), b"one\n") is False      # str or bytes: the same bytes
    assert (path.stat().st_mtime_ns, path.stat().st_ino) == (1_000_000_000, inode)
    assert write_if_changed(str(path), "twö\n") is True
    assert path.read_bytes() == "twö\n".encode() and path.stat().st_mtime_ns != 1_000_000_000


def test_write_if_changed_makes_the_folders(tmp_path):
    assert write_if_changed(str(tmp_path / "a" / "b" / "out"), "x")
    assert (tmp_path / "a" / "b" / "out").read_text() == "x"


def test_atomic_replace_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "out"
    for text in ("a", "b", "b", "c"):
        write_if_changed(str(path), text)
    assert os.listdir(tmp_path) == ["out"]


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path, monkeypatch,
                                                                        failure):
    path = tmp_path / "out"
    path.write_text("old")

    def replace(source, target):
        raise failure
    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(SpkgenError if isinstance(failure, OSError) else KeyboardInterrupt) as info:
        write_if_changed(str(path), "new")
    if isinstance(failure, OSError):
        assert str(info.value) == f"{path}: error: cannot write: No space left on device"
    assert path.read_text() == "old" and os.listdir(tmp_path) == ["out"]


def test_a_temporary_name_taken_by_another_run_is_skipped(tmp_path):
    taken = tmp_path / f"{output.TEMP_PREFIX}{os.getpid()}-0"
    taken.write_text("another run's")
    assert write_if_changed(str(tmp_path / "out"), "mine")
    assert (tmp_path / "out").read_text() == "mine" and taken.read_text() == "another run's"
    assert sorted(os.listdir(tmp_path)) == sorted(["out", taken.name])


def _symlink(path):
    victim = path.parent / "victim"
    victim.write_text("keep")
    path.symlink_to(victim)


def _dangling_symlink(path):
    path.symlink_to(path.parent / "nowhere")


@pytest.mark.parametrize("make, kind", [
    (_symlink, "a symlink"),
    (_dangling_symlink, "a symlink"),
    (lambda path: path.mkdir(), "a folder"),
    (lambda path: os.mkfifo(path), "a device, FIFO or socket"),
], ids=["symlink", "dangling-symlink", "folder", "fifo"])
def test_an_output_that_is_not_a_regular_file_is_refused(tmp_path, make, kind):
    path = tmp_path / "out"
    make(path)
    before = sorted(os.listdir(tmp_path))
    for write in (lambda: write_if_changed(str(path), "new\n"),
                  lambda: remove_if_present(str(path))):
        with pytest.raises(SpkgenError) as info:
            write()
        assert str(info.value) == f"{path}: error: is {kind}, not a regular file: refusing to " \
                                  "write it"
    assert sorted(os.listdir(tmp_path)) == before       # a dangling link's target not made


def test_a_symlinked_output_is_not_written_through(tmp_path):
    link = tmp_path / "out"
    _symlink(link)
    with pytest.raises(SpkgenError):
        write_if_changed(str(link), "new\n")
    assert (tmp_path / "victim").read_text() == "keep" and link.is_symlink()


def test_an_output_below_a_file_is_refused(tmp_path):
    (tmp_path / "file").write_text("")
    with pytest.raises(SpkgenError) as info:
        write_if_changed(str(tmp_path / "file" / "sub" / "out"), "x")
    assert info.value.message == f"'{tmp_path / 'file'}' is not a folder: cannot write here"


def test_an_output_in_a_folder_it_may_not_write_is_refused(tmp_path, monkeypatch):
    """As os.access answers (root may write anywhere: the answer is stood in for)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    monkeypatch.setattr(os, "access", lambda path, mode: os.fspath(path) != str(folder))
    with pytest.raises(SpkgenError) as info:
        write_if_changed(str(folder / "out"), "x")
    assert info.value.message == f"'{folder}' is not writable: cannot write here"
    assert os.listdir(folder) == []


def test_remove_if_present(tmp_path):
    path = tmp_path / "out"
    path.write_text("x")
    assert remove_if_present(str(path)) is True and not path.exists()
    assert remove_if_present(str(path)) is False


def marker(folder):
    return (folder / MIRROR_MARKER).read_text().splitlines()


def test_mirror_folder_holds_exactly_the_files_and_lists_them(tmp_path):
    mirror = tmp_path / "conf"
    mirror_folder(str(mirror), {"privilege": b"p", "resource": b"r"})
    assert sorted(os.listdir(mirror)) == [".spkgen", "privilege", "resource"]
    assert marker(mirror) == ["privilege", "resource"]
    assert check_mirror(str(mirror), {}) == ["privilege", "resource"]
    os.utime(mirror / "resource", ns=(1_000_000_000, 1_000_000_000))
    mirror_folder(str(mirror), {"resource": b"r", "wizard": b"w"})
    assert sorted(os.listdir(mirror)) == [".spkgen", "resource", "wizard"]
    assert marker(mirror) == ["resource", "wizard"]
    assert (mirror / "resource").stat().st_mtime_ns == 1_000_000_000     # unchanged: not written
    mirror_folder(str(mirror), {})
    assert os.listdir(mirror) == [".spkgen"] and marker(mirror) == []


def test_an_empty_or_new_folder_may_be_a_mirror(tmp_path):
    (tmp_path / "empty").mkdir()
    assert check_mirror(str(tmp_path / "empty"), {"a": b""}) == []
    assert check_mirror(str(tmp_path / "new"), {"a": b""}) == []
    assert not (tmp_path / "new").exists()                # checking writes nothing


@pytest.mark.parametrize("prepare, named", [
    (lambda m: (m / "mine").write_text("x"), "mine"),                     # no marker
    (lambda m: (mirror_folder(str(m), {"a": b"a"}), (m / "b").write_text("x")), "b"),
    (lambda m: (mirror_folder(str(m), {"a": b"a"}), (m / "sub").mkdir()), "sub"),
    (lambda m: ((m / ".spkgen").symlink_to(m.parent), (m / "a").write_text("x")),
     "a, .spkgen"),
    (lambda m: [(m / n).write_text("x") for n in "abcd"], "a, b, c, ..."),
    (lambda m: (m / ".spkgen-notes").write_text("x"), ".spkgen-notes"),  # not a temp name of ours
], ids=["no-marker", "unlisted-file", "folder", "marker-folder-is-a-link", "many", "like-a-temp"])
def test_a_mirror_holding_what_spkgen_did_not_write_is_refused(tmp_path, prepare, named):
    mirror = tmp_path / "conf"
    mirror.mkdir()
    prepare(mirror)
    before = sorted(os.listdir(mirror))
    with pytest.raises(SpkgenError) as info:
        mirror_folder(str(mirror), {"a": b"new"})
    assert info.value.message == (f"holds {named}, which spkgen did not write: refusing to "
                                  "manage this folder (give an empty or new folder)")
    assert sorted(os.listdir(mirror)) == before


def test_a_mirror_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "conf").write_text("x")
    with pytest.raises(SpkgenError) as info:
        check_mirror(str(tmp_path / "conf"), {})
    assert info.value.message == "is not a folder: refusing to use it as the conf mirror"


def test_an_interrupted_run_leaves_no_refusal_behind(tmp_path):
    mirror = tmp_path / "conf"
    mirror_folder(str(mirror), {"privilege": b"p"})
    (mirror / ".spkgen-4242-0").write_text("half written")       # as a SIGINT leaves it
    mirror_folder(str(mirror), {"privilege": b"q"})
    assert sorted(os.listdir(mirror)) == [".spkgen", "privilege"]
    # a file of someone else's is never taken for one of our temp files
    (mirror / ".spkgen-notes").write_text("mine")
    with pytest.raises(SpkgenError):
        mirror_folder(str(mirror), {"privilege": b"r"})
    assert (mirror / ".spkgen-notes").read_text() == "mine"


def test_a_marker_lists_only_plain_names(tmp_path):
    """A marker naming a path, '.', '..' or the marker's folder removes nothing there."""
    mirror = tmp_path / "conf"
    mirror_folder(str(mirror), {"a": b"a"})
    (tmp_path / "outside").write_text("keep")
    (mirror / MIRROR_MARKER).write_text("a\n../outside\n.\n..\n.spkgen\n")
    mirror_folder(str(mirror), {})
    assert (tmp_path / "outside").read_text() == "keep"
    assert os.listdir(mirror) == [".spkgen"]


def test_make_depfile_escapes_and_gives_each_input_an_empty_rule(tmp_path):
    target = tmp_path / "stamp"
    odd = tmp_path / "my $file #1"
    text = make_depfile(str(target), [str(tmp_path / "a.sc"), str(odd)])
    escaped = str(odd).replace("$", "$$").replace(" ", "\\ ").replace("#", "\\#")
    assert text.splitlines() == [
        "# written by spkgen build: the files the last run read",
        f"{target}: {tmp_path / 'a.sc'} {escaped}",
        f"{tmp_path / 'a.sc'}:",
        f"{escaped}:"]
    assert make_depfile(str(target), []).splitlines()[1] == f"{target}:"
