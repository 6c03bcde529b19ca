"""Files shipped with the program, found through :func:`resource_path` only."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def resource_path(name: str) -> Path:
    """Absolute path of a file shipped in ``jianmi_desktop/resources``."""
    return _HERE / name
