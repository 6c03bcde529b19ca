"""platform/ stays pure: no sockets, files, threads, processes or Qt (docs/contracts.md)."""

import ast
from pathlib import Path

import pytest

import jianmi_desktop.platform as platform_pkg

PLATFORM_DIR = Path(platform_pkg.__file__).parent
FORBIDDEN_MODULES = {"socket", "ssl", "http", "urllib.request", "httpx", "aiohttp", "requests", "asyncio",
                     "threading", "multiprocessing", "subprocess", "concurrent", "sqlite3", "PySide6", "PyQt5",
                     "PyQt6", "qasync", "shutil", "tempfile", "pathlib", "keyring"}
FORBIDDEN_CALLS = {"open"}
MODULES = sorted(PLATFORM_DIR.glob("*.py"))


def test_modules_are_listed():
    names = {m.stem for m in MODULES}
    assert {"auth", "form", "text", "numbers", "sdk", "clientapi", "intl", "mms_xml", "push_xml"} <= names


@pytest.mark.parametrize("module", MODULES, ids=[m.name for m in MODULES])
def test_no_io_imports_or_open(module):
    tree = ast.parse(module.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in FORBIDDEN_CALLS, f"{module.name}:{node.lineno} calls {node.func.id}()"
            continue
        else:
            continue
        for name in names:
            top = {name, name.split(".")[0]}
            assert not top & FORBIDDEN_MODULES, f"{module.name}:{node.lineno} imports {name}"


@pytest.mark.parametrize("module", MODULES, ids=[m.name for m in MODULES])
def test_files_stay_readable(module):
    assert len(module.read_text(encoding="utf-8").splitlines()) <= 400
