"""Fit a picture into an MMS frame: at most 80,000 bytes (the platform's MMS limit), as JPEG, PNG or GIF.

``fit_image(data)`` accepts JPEG, PNG, GIF (animated too), BMP, WebP and HEIC/HEIF, honours
the EXIF orientation, and returns the best picture that fits:

- photos become JPEG; flat graphics (few colours) and pictures with transparency stay PNG
  (or GIF, when they came as GIF) if that fits, else they become JPEG on a white background;
- for JPEG the quality is searched (interpolation-guided bisection over 50–95) at the
  largest allowed size; the size shrinks only when even the lowest quality does not fit,
  and then by the factor the measured bytes call for, not along a fixed ladder;
- an animated GIF stays as it is when it fits; else it is re-encoded smaller, with fewer
  colours, then fewer frames; as a last resort its first frame is fitted as a still picture;
- large JPEGs are decoded reduced (``Image.draft``), so a 50-megapixel photo costs little
  memory; a decompression bomb, a damaged file, an empty file or a file that is not a
  picture raises ``ImageFitError`` with a plain Chinese message.

It is synchronous and CPU-bound: callers run it in a worker thread (``asyncio.to_thread``).
It keeps no state between calls, so several threads may fit pictures at once.
"""

from __future__ import annotations

import io
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from PIL import Image, ImageOps, ImageSequence

from jianmi_desktop.platform.errors import JianmiError
from jianmi_desktop.safefiles import disguise

__all__ = ["FittedImage", "ImageFitError", "fit_image", "sniff_kind", "MAX_BYTES", "MAX_SIDE"]

MAX_BYTES = 80_000
MAX_SIDE = 640
MIN_QUALITY = 50          # below this a JPEG looks broken: shrink the picture instead
MAX_QUALITY = 95          # above this JPEG only grows
SHRINK_QUALITY = 75       # when shrinking, aim for this quality at the new size
MIN_SIDE = 16
MAX_GIF_FRAMES = 300
MAX_GIF_PIXELS = 40_000_000   # all frames of an animation together, at the fitted size
# Pictures other than JPEG are decoded whole (a JPEG is decoded at 1/2…1/8 from its DCT):
# 36 million pixels is a 6000×6000 picture, about 150 MB while it is converted and shrunk.
MAX_DECODE_PIXELS = 36_000_000

_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"}
_FORMATS = {"jpeg": "JPEG", "png": "PNG", "gif": "GIF", "bmp": "BMP", "webp": "WEBP", "heif": "HEIF"}
_KIND_NAMES = {"jpeg": "JPEG", "png": "PNG", "gif": "GIF", "bmp": "BMP", "webp": "WebP", "heif": "HEIC"}

_heif_lock = threading.Lock()
_heif_ready = False


class ImageFitError(JianmiError):
    """A picture that cannot be used; the message says why in plain words."""


@dataclass(frozen=True)
class FittedImage:
    data: bytes
    image_type: str            # "jpg" | "png" | "gif" — the ``type`` of <img> in addContent
    width: int
    height: int
    quality: int | None        # JPEG quality; None for PNG and GIF
    encodes: int               # how many times a picture was encoded to find this one
    frames: int = 1            # > 1 for an animated GIF
    source_kind: str = ""      # what came in: "jpeg", "png", "gif", "bmp", "webp", "heif"

    @property
    def size(self) -> int:
        return len(self.data)


def sniff_kind(data: bytes) -> str | None:
    """"jpeg", "png", "gif", "bmp", "webp", "heif" from the first bytes, else None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data.startswith(b"BM") and len(data) >= 26:
        return "bmp"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp" and (data[8:12] in _HEIF_BRANDS or any(
            data[i:i + 4] in _HEIF_BRANDS for i in range(16, min(len(data), 64), 4))):
        return "heif"
    return None


def _what_is_it(data: bytes) -> str:
    head = data[:512]
    kind = disguise(head)
    if kind is not None:
        return kind
    if head.startswith((b"ID3", b"RIFF", b"OggS", b"fLaC")) or head[4:8] == b"ftyp":
        return "音频或视频文件"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = head.decode("gbk")
        except UnicodeDecodeError:
            text = ""
    if text and all(ch.isprintable() or ch in "\r\n\t" for ch in text.rstrip("\x00")):
        return "一段文字"
    return "未知格式的数据"


def _label(name: str | None) -> str:
    return f"图片“{name}”" if name else "图片"


def _ensure_heif() -> None:
    global _heif_ready
    if _heif_ready:
        return
    with _heif_lock:
        if not _heif_ready:
            import pi_heif  # libheif, decoding only

            pi_heif.register_heif_opener()
            _heif_ready = True


# --------------------------------------------------------------------------------------
# the entry point
# --------------------------------------------------------------------------------------

def fit_image(data: bytes, *, max_bytes: int = MAX_BYTES, max_side: int = MAX_SIDE,
              min_quality: int = MIN_QUALITY, max_quality: int = MAX_QUALITY,
              name: str | None = None) -> FittedImage:
    """The best picture under ``max_bytes`` whose long side is at most ``max_side``."""
    if max_bytes < 1000 or max_side < MIN_SIDE or not 1 <= min_quality <= max_quality <= 100:
        raise ValueError("max_bytes ≥ 1000, max_side ≥ 16, 1 ≤ min_quality ≤ max_quality ≤ 100")
    label = _label(name)
    if not data:
        raise ImageFitError(f"{label}是空文件（0 字节），请重新选择图片。",
                            f"The picture{' ' + repr(name) if name else ''} is empty (0 bytes).")
    kind = sniff_kind(data)
    if kind is None:
        raise ImageFitError(
            f"{label}不是支持的图片：文件内容是{_what_is_it(data)}。请选择 JPEG、PNG、GIF、BMP、WebP 或 HEIC 图片。",
            "Not a supported picture (JPEG, PNG, GIF, BMP, WebP or HEIC).")
    if kind == "heif":
        _ensure_heif()
    counter = _Counter()
    try:
        img = Image.open(io.BytesIO(data), formats=[_FORMATS[kind]])
        width, height = img.size
        if width <= 0 or height <= 0:
            raise ValueError("no pixels")
        limit = Image.MAX_IMAGE_PIXELS
        if limit is not None and width * height > limit:
            raise Image.DecompressionBombError("too many pixels")
        if kind != "jpeg" and width * height > MAX_DECODE_PIXELS:
            raise ImageFitError(
                f"{label}有 {width}×{height} 像素，太大了（{_KIND_NAMES[kind]} 图片最多 "
                f"{MAX_DECODE_PIXELS // 1_000_000:,} 百万像素）。请先用看图软件缩小，或另存为 JPEG。",
                f"The picture is {width}×{height} pixels, too large ({_KIND_NAMES[kind]} pictures up to "
                f"{MAX_DECODE_PIXELS // 1_000_000} megapixels). Shrink it or save it as JPEG first.")
        if getattr(img, "is_animated", False) and getattr(img, "n_frames", 1) > 1:
            fitted = _fit_animation(img, data, kind, max_bytes, max_side, counter)
            if fitted is not None:
                return fitted
            img.seek(0)
        return _fit_still(img, kind, max_bytes, max_side, min_quality, max_quality, counter)
    except Image.DecompressionBombError:
        raise ImageFitError(
            f"{label}的尺寸大得异常（声明为 {_dims(data, kind)}），可能是恶意构造的文件，已拒绝处理。",
            "The picture declares an abnormally large size (a decompression bomb) and was refused.") from None
    except ImageFitError:
        raise
    except MemoryError:
        raise ImageFitError(f"{label}太大，内存不足以处理。", "The picture is too large to process.") from None
    except Exception as exc:  # noqa: BLE001 — Pillow raises OSError, SyntaxError, ValueError, struct.error …
        raise ImageFitError(
            f"{label}已损坏或不完整（{_KIND_NAMES[kind]} 文件无法解码），请换一张图片。",
            f"The picture is damaged or incomplete ({_KIND_NAMES[kind]} cannot be decoded): {exc}") from None


def _dims(data: bytes, kind: str) -> str:
    """The declared size, read from the header without Pillow (which refuses it)."""
    import struct

    try:
        if kind == "png":
            w, h = struct.unpack(">II", data[16:24])
        elif kind == "gif":
            w, h = struct.unpack("<HH", data[6:10])
        elif kind == "bmp":
            w, h = struct.unpack("<ii", data[18:26])
        else:
            return "超过上亿像素"
    except struct.error:
        return "超过上亿像素"
    return f"{abs(w)}×{abs(h)} 像素"


class _Counter:
    __slots__ = ("n",)

    def __init__(self) -> None:
        self.n = 0


# --------------------------------------------------------------------------------------
# still pictures
# --------------------------------------------------------------------------------------

def _target(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    w, h = size
    scale = min(1.0, max_side / max(w, h))
    return max(1, round(w * scale)), max(1, round(h * scale))


def _working_mode(img: Image.Image) -> Image.Image:
    """RGB, RGBA or L, whatever came in (CMYK, palette, 16-bit, 1-bit, LA …)."""
    mode = img.mode
    if mode in ("RGB", "L"):
        return img
    if mode == "RGBA":
        return img
    if mode == "P":
        return img.convert("RGBA" if "transparency" in img.info else "RGB")
    if mode in ("LA", "La", "PA", "RGBa", "RGBX"):
        return img.convert("RGBA")
    if mode in ("1",):
        return img.convert("L")
    if mode.startswith("I") or mode == "F":
        # 16/32-bit grey: scale into 8 bits by the range actually used
        lo, hi = cast(tuple[float, float], img.getextrema())
        if hi > 255:
            img = img.point(lambda v: (v - lo) * 255.0 / max(1, hi - lo))
        return img.convert("L")
    return img.convert("RGB")   # CMYK, YCbCr, LAB, HSV


def _has_alpha(img: Image.Image) -> bool:
    return img.mode == "RGBA" and cast(tuple[int, int], img.getchannel("A").getextrema())[0] < 255


def _flatten(img: Image.Image) -> Image.Image:
    if img.mode != "RGBA":
        return img
    background = Image.new("RGB", img.size, (255, 255, 255))
    background.paste(img, mask=img.getchannel("A"))
    return background


def _resize(img: Image.Image, size: tuple[int, int]) -> Image.Image:
    if img.size == size:
        return img
    return img.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _fit_still(img: Image.Image, kind: str, max_bytes: int, max_side: int, min_quality: int,
               max_quality: int, counter: _Counter) -> FittedImage:
    if kind == "jpeg":
        # decode at 1/2, 1/4 or 1/8 straight from the DCT: fast, and little memory
        img.draft(None, _target(img.size, max_side))
    img.load()
    img = ImageOps.exif_transpose(img) or img
    img = _working_mode(img)
    img = _resize(img, _target(img.size, max_side))
    alpha = _has_alpha(img)
    if img.mode == "RGBA" and not alpha:
        img = img.convert("RGB")

    # flat graphics and transparency: try to keep them lossless (or palette) first
    colors = img.getcolors(maxcolors=256)
    if alpha or colors is not None:
        found = _fit_lossless(img, kind, alpha, colors is not None, max_bytes, counter)
        if found is not None:
            return found
    return _fit_jpeg(_flatten(img), kind, max_bytes, min_quality, max_quality, counter)


def _encode(img: Image.Image, fmt: str, counter: _Counter, **params: Any) -> bytes:
    counter.n += 1
    buf = io.BytesIO()
    img.save(buf, fmt, **params)
    return buf.getvalue()


def _fit_lossless(img: Image.Image, kind: str, alpha: bool, few_colors: bool, max_bytes: int,
                  counter: _Counter) -> FittedImage | None:
    candidates: list[tuple[str, Callable[[], bytes]]] = []
    if few_colors:
        if img.mode == "RGBA":
            palette = img.quantize(256, method=Image.Quantize.FASTOCTREE)
        else:
            palette = img.convert("P", palette=Image.Palette.ADAPTIVE, colors=256)
        if kind == "gif" and (not alpha or _binary_alpha(img)):
            candidates.append(("gif", lambda: _encode(_gif_ready(img, palette), "GIF", counter, optimize=True)))
        candidates.append(("png", lambda: _encode(palette, "PNG", counter, optimize=True)))
    else:
        # Transparency with many colours. A fast, light compression first: lossless, so if it
        # fits it is as good as any; if it is hopelessly big (a photo with a cut-out), even
        # 256 colours (about a third of the bytes) will not fit: go to JPEG on white.
        quick = _encode(img, "PNG", counter, compress_level=1)
        if len(quick) <= max_bytes:
            return FittedImage(quick, "png", img.width, img.height, None, counter.n, 1, kind)
        if len(quick) > 4 * max_bytes:
            return None
        candidates.append(("png", lambda: _encode(img.quantize(256, method=Image.Quantize.FASTOCTREE),
                                                   "PNG", counter, optimize=True)))
    for image_type, make in candidates:
        out = make()
        if len(out) <= max_bytes:
            return FittedImage(out, image_type, img.width, img.height, None, counter.n, 1, kind)
    return None


def _binary_alpha(img: Image.Image) -> bool:
    histogram = img.getchannel("A").histogram()
    return sum(histogram[1:255]) == 0


def _gif_ready(img: Image.Image, palette: Image.Image) -> Image.Image:
    """A palette picture for GIF; fully transparent pixels get their own index."""
    if img.mode != "RGBA":
        return palette
    rgb = _flatten(img).convert("P", palette=Image.Palette.ADAPTIVE, colors=255)
    mask = img.getchannel("A").point(lambda a: 255 if a == 0 else 0)
    rgb.paste(255, mask=mask)
    rgb.info["transparency"] = 255
    return rgb


def _fit_jpeg(img: Image.Image, kind: str, max_bytes: int, min_quality: int, max_quality: int,
              counter: _Counter) -> FittedImage:
    """Best JPEG quality at the largest size that takes at least ``min_quality``."""
    for _ in range(8):
        found, sizes = _best_quality(img, max_bytes, min_quality, max_quality, counter)
        if found is not None:
            quality, out = found
            return FittedImage(out, "jpg", img.width, img.height, quality, counter.n, 1, kind)
        if max(img.size) <= MIN_SIDE:
            break
        # Even min_quality is too big: shrink by what the bytes say. Size in bytes goes roughly
        # with the number of pixels, so the side goes with the square root of the excess.
        # Aim at SHRINK_QUALITY (measured, one encode) so the smaller picture still looks good.
        aim = max(min(SHRINK_QUALITY, max_quality), min_quality)
        if aim not in sizes:
            sizes[aim] = len(_jpeg(img, aim, counter))
        factor = min(0.95, math.sqrt(max_bytes / sizes[aim]) * 0.97)
        w, h = img.size
        new = (max(1, int(w * factor)), max(1, int(h * factor)))
        if max(new) < MIN_SIDE:
            scale = MIN_SIDE / max(w, h)
            new = (max(1, round(w * scale)), max(1, round(h * scale)))
        img = _resize(img, new)
    raise ImageFitError("图片无法压缩到要求的大小以内。", "The picture cannot be made small enough.")


def _jpeg(img: Image.Image, quality: int, counter: _Counter) -> bytes:
    return _encode(img, "JPEG", counter, quality=quality, optimize=True)


def _best_quality(img: Image.Image, max_bytes: int, lo_q: int, hi_q: int,
                  counter: _Counter) -> tuple[tuple[int, bytes] | None, dict[int, int]]:
    """The highest quality in [lo_q, hi_q] whose JPEG fits, or (None, sizes seen).

    Bisection guided by interpolation: JPEG bytes grow smoothly with quality, so the first
    guess is interpolated on log(bytes); a guess that does not halve the interval is followed
    by a plain bisection step, so it never takes more than about 2·log2(range) encodes."""
    sizes: dict[int, int] = {}
    best: tuple[int, bytes] | None = None

    def probe(q: int) -> bool:
        nonlocal best
        out = _jpeg(img, q, counter)
        sizes[q] = len(out)
        if len(out) <= max_bytes:
            if best is None or q > best[0]:
                best = (q, out)
            return True
        return False

    # A first guess in the middle of the useful range tells which side we are on.
    first = min(hi_q, max(lo_q, 85))
    if probe(first):
        lo = first
        if first == hi_q or probe(hi_q):
            return best, sizes
        hi = hi_q
    else:
        hi = first
        if not probe(lo_q):
            return None, sizes
        lo = lo_q
    bisect_next = False
    while hi - lo > 1:
        if bisect_next:
            mid = (lo + hi) // 2
        else:
            target = math.log(max_bytes)
            s_lo, s_hi = math.log(sizes[lo]), math.log(sizes[hi])
            frac = (target - s_lo) / (s_hi - s_lo) if s_hi > s_lo else 0.5
            mid = lo + int(round(frac * (hi - lo)))
            mid = min(hi - 1, max(lo + 1, mid))
        width = hi - lo
        if probe(mid):
            lo = mid
        else:
            hi = mid
        bisect_next = (hi - lo) * 2 > width
    return best, sizes


# --------------------------------------------------------------------------------------
# animations
# --------------------------------------------------------------------------------------

def _fit_animation(img: Image.Image, data: bytes, kind: str, max_bytes: int, max_side: int,
                   counter: _Counter) -> FittedImage | None:
    """An animated GIF under ``max_bytes``, or None (then the first frame is used)."""
    width, height = img.size
    n_frames: int = getattr(img, "n_frames", 1)
    if kind == "gif" and len(data) <= max_bytes and max(width, height) <= max_side:
        return FittedImage(data, "gif", width, height, None, 0, n_frames, kind)
    size = _target(img.size, max_side)
    # keep memory bounded: at most MAX_GIF_FRAMES frames and MAX_GIF_PIXELS pixels in all
    keep_every = max(1, math.ceil(n_frames / MAX_GIF_FRAMES),
                     math.ceil(n_frames * size[0] * size[1] / MAX_GIF_PIXELS))
    frames: list[Image.Image] = []
    durations: list[int] = []
    for index, frame in enumerate(ImageSequence.Iterator(img)):
        duration = int(frame.info.get("duration", 100) or 100)
        if index % keep_every:
            durations[-1] += duration
            continue
        frames.append(_resize(_flatten(frame.convert("RGBA")), size))
        durations.append(duration)
    if len(frames) < 2:
        return None
    loop = img.info.get("loop", 0)

    def encode(colors: int, step: int, scale: float) -> bytes:
        chosen = frames[::step]
        times = [sum(durations[i:i + step]) for i in range(0, len(durations), step)]
        if scale < 1:
            new = (max(1, int(size[0] * scale)), max(1, int(size[1] * scale)))
            chosen = [_resize(f, new) for f in chosen]
        paletted = [f.convert("P", palette=Image.Palette.ADAPTIVE, colors=colors) for f in chosen]
        counter.n += 1
        buf = io.BytesIO()
        paletted[0].save(buf, "GIF", save_all=True, append_images=paletted[1:], duration=times,
                         loop=loop, optimize=False, disposal=1)
        return buf.getvalue()

    # from the least to the most damage; stop early when the first try is hopelessly big
    ladder = [(256, 1, 1.0), (128, 1, 1.0), (64, 2, 1.0), (64, 2, 0.75), (32, 3, 0.6), (32, 4, 0.5)]
    for i, (colors, step, scale) in enumerate(ladder):
        if step > 1 and len(frames) // step < 2:
            continue
        out = encode(colors, step, scale)
        if len(out) <= max_bytes:
            w, h = Image.open(io.BytesIO(out)).size
            return FittedImage(out, "gif", w, h, None, counter.n, math.ceil(len(frames) / step), kind)
        if i == 0 and len(out) > 10 * max_bytes:
            return None
    return None
