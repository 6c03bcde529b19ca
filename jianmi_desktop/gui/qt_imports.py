"""Make imports after PySide6 as cheap as before it.

Once PySide6 is loaded it replaces ``__import__`` (for its opt-in ``from __feature__ import
snake_case``), and after every later import asks whether the new module "uses PySide" by
reading its whole source with ``inspect.getsource`` — tokenizing the file and keeping every line
in ``linecache``. On the program's start-up that is ~400 modules: 100–300 ms before the balance
shows, and their source text kept in memory for good (PySide6 6.11; the installed program has no
sources, so there it fails fast instead).

``install()`` swaps that one question for the same question asked of the file's bytes: a module
with a ``.py`` file uses PySide when the file contains ``PySide6`` — PySide6's own test, without
the tokenizer and the line cache. Anything else (no file, a compiled module, an unreadable file)
still gets PySide6's own answer. Call it before the first ``import PySide6``; it does nothing
when PySide6 is missing or no longer has that hook.
"""

from __future__ import annotations

import sys
from types import ModuleType

_MARK = "_jianmi_reads_bytes"


def install() -> bool:
    """Replace PySide6's per-import source check; True when it is in place."""
    try:
        import shiboken6  # noqa: F401 - loading it sets up shibokensupport.feature
    except ImportError:
        return False
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        return False
    if getattr(original, _MARK, False):
        return True

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as f:
                    return b"PySide6" in f.read()
            except OSError:
                pass
        return bool(original(module))

    setattr(uses_pyside, _MARK, True)
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    return True
