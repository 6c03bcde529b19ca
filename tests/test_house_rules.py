"""The rules of the house, checked by machines: ruff (lint + import order), import-linter (the
layer contracts in pyproject.toml) and mypy. Each runs from this venv as a subprocess and the test
fails with the tool's own output. A last test proves a contract bites: in a copy of the package,
Qt imported from campaign/ (or the store imported from platform/) must break lint-imports."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{name} is not installed in {BIN}: run `.venv/bin/pip install -e '.[test]'`")
    return str(path)


def _run(args: list[str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600)


def test_ruff_check_passes() -> None:
    done = _run([_tool("ruff"), "check", "--no-cache", "."])
    assert done.returncode == 0, done.stdout + done.stderr


def test_import_contracts_are_kept() -> None:
    done = _run([_tool("lint-imports"), "--no-cache"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout, done.stdout


def test_mypy_passes() -> None:
    done = _run([sys.executable, "-m", "mypy", "--no-incremental"])
    assert done.returncode == 0, done.stdout + done.stderr


def _copy_project(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "jianmi_desktop", tmp_path / "jianmi_desktop",
                    ignore=shutil.ignore_patterns("__pycache__", "*.qm", "*.ts", "resources"))
    return tmp_path


def _lint_copy(project: Path) -> subprocess.CompletedProcess[str]:
    # the copy comes first on the path, so grimp reads it and not the installed package
    env_path = f"{project}"
    return subprocess.run([_tool("lint-imports"), "--no-cache"], cwd=project, capture_output=True, text=True,
                          timeout=600, env={"PYTHONPATH": env_path, "PATH": str(BIN)})


def test_the_unchanged_copy_is_kept(tmp_path: Path) -> None:
    done = _lint_copy(_copy_project(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("module, line, broken", [
    ("campaign/checks.py", "import PySide6  # noqa\n", "PySide6"),
    ("platform/codes.py", "import jianmi_desktop.store  # noqa\n", "jianmi_desktop.store"),
])
def test_a_broken_contract_fails_lint_imports(tmp_path: Path, module: str, line: str, broken: str) -> None:
    project = _copy_project(tmp_path)
    target = project / "jianmi_desktop" / module
    target.write_text(line + target.read_text(encoding="utf-8"), encoding="utf-8")
    done = _lint_copy(project)
    assert done.returncode != 0, done.stdout + done.stderr
    assert "BROKEN" in done.stdout.upper() and broken in done.stdout, done.stdout
