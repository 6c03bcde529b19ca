"""gui/qt_imports.py: PySide6's per-import question answered from the file's bytes, the same answer."""

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_modules_imported_after_pyside_are_no_longer_tokenized_into_the_line_cache():
    out = _run("""
        import linecache, sys
        from jianmi_desktop.gui import qt_imports
        assert qt_imports.install() and qt_imports.install()   # twice: still one replacement
        import PySide6.QtCore
        import colorsys
        feature = sys.modules["shibokensupport.feature"]
        cached = [name for name in linecache.cache if name.endswith("colorsys.py")]
        print(cached, feature.pyside_feature_dict.get("colorsys"))
    """)
    # asked, and answered without reading the source into the line cache (-1: does not use PySide)
    assert out == "[] -1", out


def test_the_answer_is_the_one_pyside_gives(tmp_path):
    """For modules with a file, without one, and unreadable: the replacement agrees with PySide6's own."""
    (tmp_path / "uses_qt.py").write_text("from PySide6.QtCore import QObject  # uses PySide6\n", encoding="utf-8")
    (tmp_path / "plain_mod.py").write_text("VALUE = 1\n", encoding="utf-8")
    (tmp_path / "gone_mod.py").write_text("PySide6 = None\n", encoding="utf-8")
    out = _run(f"""
        import sys, os
        sys.path.insert(0, {str(tmp_path)!r})
        import shiboken6
        feature = sys.modules["shibokensupport.feature"]
        original = feature._mod_uses_pyside
        from jianmi_desktop.gui import qt_imports
        qt_imports.install()
        ours = feature._mod_uses_pyside
        assert ours is not original
        import uses_qt, plain_mod, gone_mod, json, math
        os.remove(gone_mod.__file__)   # no file any more: PySide6's own check answers
        for module in (uses_qt, plain_mod, gone_mod, json, math):
            print(module.__name__, ours(module), original(module))
    """)
    rows = [line.split() for line in out.splitlines()]
    assert rows == [["uses_qt", "True", "True"], ["plain_mod", "False", "False"], ["gone_mod", "False", "False"],
                    ["json", "False", "False"], ["math", "False", "False"]], out
