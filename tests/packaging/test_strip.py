"""packaging/build.py strips the frozen folder's shared libraries on Linux, never the launcher
(PyInstaller appends the program's archive to it)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the strip step is Linux's")


def a_library_with_symbols() -> Path:
    """multidict's C extension: its wheel keeps the symbol table (1.5 MB, 0.2 MB stripped)."""
    import multidict._multidict as ext

    return Path(ext.__file__)


def test_the_libraries_shrink_and_still_load_the_launcher_is_untouched(tmp_path):
    import build

    assert shutil.which("strip"), "binutils (strip) is needed to build the frozen folder: .ci/run installs it"
    folder = tmp_path / "jianmi-desktop"
    (folder / "_internal" / "sub").mkdir(parents=True)
    lib = folder / "_internal" / "sub" / "_multidict.so.1"
    shutil.copy(a_library_with_symbols(), lib)
    (folder / "_internal" / "_multidict.so").symlink_to("sub/_multidict.so.1")
    launcher = folder / "jianmi-desktop"
    shutil.copy(sys.executable, launcher)
    with launcher.open("ab") as out:        # an archive appended, as PyInstaller does
        out.write(b"MEI\x0c\x0b\x0a\x0b\x0e" * 1000)
    launcher_bytes = launcher.read_bytes()
    data = folder / "_internal" / "base_library.zip"
    data.write_bytes(b"PK" + b"\0" * 100)

    assert build.shared_objects(folder) == [lib]          # not the link, the launcher or the data
    before, after = build.strip_libraries(folder)
    assert after < before, (before, after)
    assert launcher.read_bytes() == launcher_bytes and data.read_bytes() == b"PK" + b"\0" * 100
    needed = subprocess.run(["readelf", "-d", str(lib)], capture_output=True, text=True, check=True).stdout
    assert "libc.so.6" in needed or "NEEDED" in needed   # still a whole ELF library with its links
    dynamic = subprocess.run(["nm", "-D", "--defined-only", str(lib)], capture_output=True, text=True,
                             check=True).stdout
    assert "PyInit__multidict" in dynamic                # what Python looks up is kept
