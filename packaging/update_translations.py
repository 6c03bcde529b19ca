"""Refresh the English translation: lupdate over the GUI, lrelease to the .qm, count what is left.

    python packaging/update_translations.py [--check]

``pyside6-lupdate`` reads every module under ``jianmi_desktop/gui/`` (``self.tr(...)``,
``QCoreApplication.translate(...)`` and ``QT_TRANSLATE_NOOP(...)``) and merges the texts into
``jianmi_desktop/i18n/jianmi_en.ts``: translations already there are kept, new texts come in
as unfinished, texts gone from the code are dropped, and a text that moved to another class keeps the
translation it had. Translate the unfinished ones (Qt
Linguist: ``pyside6-linguist jianmi_desktop/i18n/jianmi_en.ts``, or by hand in the XML), then
run this again: ``pyside6-lrelease`` writes ``jianmi_en.qm``, which the program loads.

The source texts are Chinese (the primary language), so only English needs a file.
Prints how many entries are unfinished; with ``--check`` it exits 1 when any are.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUI = ROOT / "jianmi_desktop" / "gui"
I18N = ROOT / "jianmi_desktop" / "i18n"
TS = I18N / "jianmi_en.ts"
QM = I18N / "jianmi_en.qm"


def tool(name: str) -> str:
    """``pyside6-<name>`` beside this Python (the venv's), else on PATH."""
    for folder in (Path(sys.executable).parent,):
        for candidate in (folder / f"pyside6-{name}", folder / f"pyside6-{name}.exe"):
            if candidate.exists():
                return str(candidate)
    found = shutil.which(f"pyside6-{name}")
    if found is None:
        raise SystemExit(f"pyside6-{name} not found: install PySide6-Essentials in this environment")
    return found


def sources() -> list[Path]:
    return sorted(p for p in GUI.rglob("*.py") if "__pycache__" not in p.parts)


def unfinished(ts: Path = TS) -> list[tuple[str, str]]:
    """(context, source) of every entry without a finished translation."""
    left = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "unfinished"
            if kind in ("vanished", "obsolete"):
                continue
            forms = [f.text for f in translation.findall("numerusform")] if translation is not None else []
            text = " ".join(t or "" for t in forms) if forms else (translation.text if translation is not None else "")
            if kind == "unfinished" or not (text or "").strip() or (forms and not all(forms)):
                left.append((name, message.findtext("source", "")))
    return left


def finished(ts: Path = TS) -> dict[str, str]:
    """source → translation of every finished entry, whatever its context."""
    if not ts.exists():
        return {}
    known = {}
    for message in ET.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        if translation is not None and not translation.get("type") and (translation.text or "").strip() \
                and message.get("numerus") != "yes":
            known[message.findtext("source", "")] = translation.text or ""
    return known


def carry_over(known: dict[str, str], ts: Path = TS) -> int:
    """Give a text that moved to another class (a new context) the translation it had; how many."""
    tree = ET.parse(ts)
    moved = 0
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        source = message.findtext("source", "")
        if translation is not None and translation.get("type") == "unfinished" and source in known:
            translation.text = known[source]
            del translation.attrib["type"]
            moved += 1
    if moved:
        tree.write(ts, encoding="utf-8", xml_declaration=True)
    return moved


def lupdate(files: list[str]) -> None:
    subprocess.run([tool("lupdate"), *files, "-ts", str(TS.relative_to(ROOT)), "-source-language", "zh_CN",
                    "-target-language", "en", "-locations", "none", "-no-obsolete", "-silent"],
                   cwd=ROOT, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if any entry is unfinished")
    args = parser.parse_args(argv)
    I18N.mkdir(parents=True, exist_ok=True)
    files = [str(p.relative_to(ROOT)) for p in sources()]
    known = finished()
    lupdate(files)
    if carry_over(known):
        lupdate(files)   # lupdate writes the file back in its own form
    subprocess.run([tool("lrelease"), "-silent", str(TS), "-qm", str(QM)], cwd=ROOT, check=True)
    left = unfinished()
    total = sum(1 for _ in ET.parse(TS).getroot().iter("message"))
    print(f"{TS.relative_to(ROOT)}: {total} entries, {len(left)} unfinished; wrote {QM.relative_to(ROOT)}"
          f" ({QM.stat().st_size:,} bytes)")
    for context, source in left[:20]:
        print(f"  unfinished [{context}] {source}")
    if len(left) > 20:
        print(f"  … and {len(left) - 20} more")
    return 1 if args.check and left else 0


if __name__ == "__main__":
    raise SystemExit(main())
