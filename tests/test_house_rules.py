"""The rules of the house, checked by machines on every run of the test suite: ruff (likely
bugs, unused names, import order), import-linter (the layers; Qt only in the window; the
sandbox on its own; a pure protocol layer) and mypy (strict on the typed core). And a proof that
a contract bites: a copy of the package that breaks one is refused."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(args: list[str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600)


def tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{name} is not installed in this environment: pip install -e '.[test]'")
    return str(path)


def test_ruff_finds_nothing():
    r = run([tool("ruff"), "check", "jianmi_desktop", "tests", "benchmarks", "packaging"])
    assert r.returncode == 0, r.stdout + r.stderr


def test_the_import_contracts_hold():
    r = run([tool("lint-imports"), "--no-cache"])
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr


def test_mypy_passes():
    r = run([sys.executable, "-m", "mypy"])
    assert r.returncode == 0, r.stdout[-6000:] + r.stderr


def test_the_typed_core_is_checked_strictly():
    """The packages below the window and the command line stay under ``mypy --strict``'s flags."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    strict = next(o for o in config["overrides"] if o.get("disallow_untyped_defs"))
    assert strict["disallow_untyped_calls"] and strict["disallow_any_generics"] and strict["warn_return_any"]
    for package in ("platform", "store", "campaign", "mms", "voice", "receiver"):
        assert {f"jianmi_desktop.{package}", f"jianmi_desktop.{package}.*"} <= set(strict["module"]), package
    assert {"jianmi_desktop.client", "jianmi_desktop.states"} <= set(strict["module"])


def _broken_copy(tmp_path: Path, module: str, line: str) -> Path:
    """The package and its contracts in a temporary folder, with ``line`` added to ``module``."""
    shutil.copytree(ROOT / "jianmi_desktop", tmp_path / "jianmi_desktop",
                    ignore=shutil.ignore_patterns("__pycache__", "*.qm", "*.ts"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "jianmi_desktop" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("campaign/service.py", "import PySide6.QtCore  # noqa", "Qt only in the window"),
    ("platform/codes.py", "import jianmi_desktop.store  # noqa", "The protocol is pure"),
    ("commands/output.py", "import jianmi_desktop.cli  # noqa", "Layers"),
    ("sandbox/rules.py", "import jianmi_desktop.client  # noqa", "The sandbox is written from the API"),
])
def test_breaking_a_contract_is_refused(tmp_path, module, line, contract):
    copy = _broken_copy(tmp_path, module, line)
    r = subprocess.run([tool("lint-imports"), "--no-cache"], cwd=copy, capture_output=True, text=True, timeout=600,
                       env={**os.environ, "PYTHONPATH": str(copy)})
    assert r.returncode != 0, r.stdout
    broken = r.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken, r.stdout[-3000:]


def test_no_product_file_over_500_lines():
    """A file a newcomer can read in one go: split by feature before it grows past 500 lines."""
    package = Path(__file__).resolve().parents[1] / "jianmi_desktop"
    long = {str(p.relative_to(package.parent)): n for p in package.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert not long, long
