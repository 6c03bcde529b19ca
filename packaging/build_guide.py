"""Build the user guide to HTML for the window's 帮助 menu: docs/guide/<lang>.md → package data.

    .venv/bin/python packaging/build_guide.py           write jianmi_desktop/resources/guide_<lang>.html
    .venv/bin/python packaging/build_guide.py --check   exit 1 when those files are not up to date

The guide is plain Markdown of a small kind — headings, paragraphs, lists (with indented
continuation lines), pictures on a line of their own, **bold**, `code` and [links](url) — so a
converter of its own (the standard library only) is enough, and no Markdown package has to ship.
Each picture the guide uses (docs/guide/img/, made by ``packaging/screenshots.py --guide``) is
copied beside the HTML as ``guide-<name>.png``, reduced to 256 colours (screenshots of a window
lose nothing visible, and the files shrink about three times). Pictures not used are not copied.
The HTML is one self-contained page each (its style inline) that any browser opens from disk.
"""

from __future__ import annotations

import argparse
import html
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "guide"
OUT = ROOT / "jianmi_desktop" / "resources"
LANGS = {"zh_CN": "zh-CN", "en": "en"}
STYLE = """body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;max-width:60em;
margin:2em auto;padding:0 1em;line-height:1.6;color:#1d2b2a}h1,h2{color:#0b7f74}h2{margin-top:1.8em;
border-bottom:1px solid #cfe9e3}img{max-width:100%;border:1px solid #ccd;box-shadow:0 1px 4px #0002}
code{background:#eef4f3;padding:0 .25em;border-radius:3px}figure{margin:1em 0}figcaption{color:#566;
font-size:.9em}"""
IMAGE = re.compile(r"^!\[([^\]]*)\]\(([^)\s]+)\)$")
ITEM = re.compile(r"^(\s*)([-*]|\d+\.)\s+(.*)$")


def inline(text: str) -> str:
    """Escape, then **bold**, `code` and [text](url)."""
    parts = re.split(r"(`[^`]+`)", text)
    out = []
    for part in parts:
        if part.startswith("`") and part.endswith("`") and len(part) > 1:
            out.append(f"<code>{html.escape(part[1:-1])}</code>")
            continue
        part = html.escape(part, quote=False)
        part = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", part)
        part = re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", lambda m: f'<a href="{html.escape(m.group(2))}">{m.group(1)}</a>',
                      part)
        out.append(part)
    return "".join(out)


def join(lines: list[str]) -> str:
    """Lines of one paragraph: a space between words, none between Chinese characters."""
    out = ""
    for line in lines:
        if out and not (_cjk(out[-1]) or _cjk(line[0])):
            out += " "
        out += line
    return out


def _cjk(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef" or "\u3000" <= char <= "\u303f"


def to_html(markdown: str, picture) -> tuple[str, str]:
    """(title, body HTML). ``picture(src) -> new src`` is called for every picture."""
    body: list[str] = []
    title = ""
    paragraph: list[str] = []
    items: list[list[str]] = []  # the current list's items (their lines so far)
    kind = ""  # "ul" | "ol"

    def flush() -> None:
        nonlocal kind
        if paragraph:
            body.append(f"<p>{inline(join(paragraph))}</p>")
            paragraph.clear()
        if items:
            body.append(f"<{kind}>" + "".join(f"<li>{inline(join(i))}</li>" for i in items) + f"</{kind}>")
            items.clear()
            kind = ""

    for raw in markdown.splitlines():
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        heading = re.match(r"^(#{1,4})\s+(.*)$", line)
        image = IMAGE.match(line.strip())
        item = ITEM.match(line)
        if heading:
            flush()
            level = len(heading.group(1))
            title = title or heading.group(2)
            body.append(f"<h{level}>{inline(heading.group(2))}</h{level}>")
        elif image:
            flush()
            alt = image.group(1)
            body.append(f'<figure><img src="{html.escape(picture(image.group(2)))}" alt="{html.escape(alt)}">'
                        f"<figcaption>{inline(alt)}</figcaption></figure>")
        elif item and not item.group(1):
            if paragraph:
                flush()
            new_kind = "ul" if item.group(2) in "-*" else "ol"
            if items and new_kind != kind:
                flush()
            kind = new_kind
            items.append([item.group(3)])
        elif items and raw.startswith(" "):
            items[-1].append(line.strip())  # an item's continuation line
        else:
            if items:
                flush()
            paragraph.append(line.strip())
    flush()
    return title, "\n".join(body)


def build(lang: str) -> dict[Path, bytes]:
    """{output file: content} for one language: the page and the pictures it uses."""
    from PIL import Image

    source = GUIDE / f"{lang}.md"
    files: dict[Path, bytes] = {}

    def picture(src: str) -> str:
        path = (GUIDE / src).resolve()
        if not path.is_file():
            raise SystemExit(f"build_guide: {source.name} shows {src}, which does not exist: "
                             f"run packaging/screenshots.py --guide")
        name = f"guide-{path.name}"
        image = Image.open(path).convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        out = io.BytesIO()
        image.save(out, "PNG", optimize=True)
        files[OUT / name] = out.getvalue()
        return name

    title, body = to_html(source.read_text(encoding="utf-8"), picture)
    page = (f'<!DOCTYPE html>\n<html lang="{LANGS[lang]}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")
    files[OUT / f"guide_{lang}.html"] = page.encode("utf-8")
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether the built files are up to date")
    args = parser.parse_args(argv)
    wanted: dict[Path, bytes] = {}
    for lang in LANGS:
        wanted.update(build(lang))
    stale_old = sorted(set(OUT.glob("guide-*.png")) - set(wanted))
    if args.check:  # the pages byte for byte; the pictures by presence (their bytes follow Pillow's version)
        stale = [p for p, data in wanted.items()
                 if not p.is_file() or (p.suffix == ".html" and p.read_bytes() != data)] + stale_old
        for path in stale:
            print(f"out of date: {path.relative_to(ROOT)}", file=sys.stderr)
        if stale:
            print("run: .venv/bin/python packaging/build_guide.py", file=sys.stderr)
        return 1 if stale else 0
    for path in stale_old:
        path.unlink()
    for path, data in wanted.items():
        path.write_bytes(data)
    total = sum(len(d) for d in wanted.values())
    print(f"wrote {len(wanted)} files ({total / 1e3:.0f} kB) into {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
