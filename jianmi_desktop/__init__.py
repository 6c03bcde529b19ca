"""Jianmi Desktop (茧米桌面): a desktop program for the Jianmi cloud communications platform."""

import sys as _sys

__version__ = "0.1.0"

# httpx imports its own command line (httpx._main, with click, rich and pygments, ~80 modules and
# ~7 MB) whenever those happen to be installed — in a developer's venv they come with
# import-linter. The program never runs it: a None entry makes that one import fail, and httpx
# then goes on without it, as it does in the installed program (where they are left out).
_sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
