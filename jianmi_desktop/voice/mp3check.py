"""Check an mp3 before uploadvoicefile (the platform takes an mp3 of at most 5 MB).

``check_mp3(data, name)`` refuses, with a plain Chinese message naming the file, what the
platform would refuse or could not play: an empty file, a file over 5 MB, a file that is not
an mp3 (a WAV, an m4a or a program renamed ``.mp3``, text …) and a damaged mp3. The file
must start with an ID3 tag or an MPEG Layer III frame, the next frame must follow where the
first one says, and mutagen must read it. What is allowed but suspicious comes back as
warnings: longer than a minute, shorter than a second, a very low bitrate, near-silence.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, BinaryIO, cast

from jianmi_desktop.platform.errors import JianmiError
from jianmi_desktop.safefiles import disguise

__all__ = ["Mp3Info", "VoiceFileError", "check_mp3", "MAX_BYTES", "LONG_SECONDS"]

MAX_BYTES = 5 * 1024 * 1024
LONG_SECONDS = 60.0
SHORT_SECONDS = 1.0
LOW_BITRATE = 16_000          # bits a second
QUIET_SHARE = 0.95            # this share of quiet frames looks like silence

# bitrates in kbps by (version is MPEG-1, layer)
_BITRATES = {
    (True, 1): (0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (True, 2): (0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (True, 3): (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (False, 1): (0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (False, 2): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    (False, 3): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


class VoiceFileError(JianmiError):
    """An audio file that cannot be uploaded; the message names the file."""

    def __init__(self, zh: str, en: str | None = None, *, name: str = "") -> None:
        super().__init__(zh, en)
        self.name = name


@dataclass
class Mp3Info:
    size: int                      # bytes
    duration_s: float
    bitrate: int                   # bits a second (the average for VBR)
    sample_rate: int               # Hz
    warnings: list[str] = field(default_factory=list)   # plain Chinese
    channels: int = 0
    frames: int = 0                # MPEG frames counted from the start
    has_id3: bool = False
    warnings_en: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Frame:
    version: int       # 3 MPEG-1, 2 MPEG-2, 0 MPEG-2.5
    layer: int         # 1, 2, 3
    bitrate: int       # kbps (0 = free format)
    sample_rate: int
    padding: int
    channels: int
    crc: bool
    length: int        # bytes, header included (0 for free format)


def _frame_at(data: bytes, pos: int) -> _Frame | None:
    if pos + 4 > len(data):
        return None
    b0, b1, b2, b3 = data[pos], data[pos + 1], data[pos + 2], data[pos + 3]
    if b0 != 0xFF or (b1 & 0xE0) != 0xE0:
        return None
    version = (b1 >> 3) & 3
    layer_bits = (b1 >> 1) & 3
    bitrate_index = b2 >> 4
    rate_index = (b2 >> 2) & 3
    if version == 1 or layer_bits == 0 or bitrate_index == 15 or rate_index == 3:
        return None
    if (b3 & 3) == 2:          # reserved emphasis
        return None
    layer = 4 - layer_bits
    mpeg1 = version == 3
    bitrate = _BITRATES[(mpeg1, layer)][bitrate_index]
    sample_rate = _SAMPLE_RATES[version][rate_index]
    padding = (b2 >> 1) & 1
    channels = 1 if (b3 >> 6) == 3 else 2
    if bitrate == 0:
        length = 0
    elif layer == 1:
        length = (12 * bitrate * 1000 // sample_rate + padding) * 4
    elif layer == 3 and not mpeg1:
        length = 72 * bitrate * 1000 // sample_rate + padding
    else:
        length = 144 * bitrate * 1000 // sample_rate + padding
    return _Frame(version, layer, bitrate, sample_rate, padding, channels, not (b1 & 1), length)


def _id3_end(data: bytes) -> int:
    """Offset after any ID3v2 tags at the start (0 when there is none)."""
    pos = 0
    while data[pos:pos + 3] == b"ID3" and pos + 10 <= len(data):
        size_bytes = data[pos + 6:pos + 10]
        if any(b & 0x80 for b in size_bytes):
            break
        size = (size_bytes[0] << 21) | (size_bytes[1] << 14) | (size_bytes[2] << 7) | size_bytes[3]
        footer = 10 if data[pos + 5] & 0x10 else 0
        pos += 10 + size + footer
    return pos


def _what_is_it(data: bytes) -> str:
    head = data[:64]
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "WAV 音频"
    if head.startswith(b"RIFF"):
        return "RIFF（AVI/WAV 等）文件"
    if head[4:8] == b"ftyp":
        return "M4A/MP4 文件"
    if head.startswith(b"OggS"):
        return "OGG 音频"
    if head.startswith(b"fLaC"):
        return "FLAC 音频"
    if head.startswith(b"#!AMR"):
        return "AMR 音频"
    if head.startswith(b"\x30\x26\xb2\x75"):
        return "WMA/WMV 文件"
    kind = disguise(head)
    if kind is not None:
        return kind
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG", b"GIF8")):
        return "图片"
    sample = data[:1024]
    for encoding in ("utf-8", "gbk"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        if all(ch.isprintable() or ch in "\r\n\t" for ch in text):
            return "一段文字"
    return "未知格式的数据"


def _quiet(data: bytes, pos: int, frame: _Frame) -> bool:
    """A Layer III frame whose granules carry (almost) no coded audio: part2_3_length ≈ 0."""
    side = pos + 4 + (2 if frame.crc else 0)
    mpeg1 = frame.version == 3
    mono = frame.channels == 1
    if mpeg1:
        skip = 9 + (5 if mono else 3) + (4 if mono else 8)
        granules = 2
    else:
        skip = 8 + (1 if mono else 2)
        granules = 1
    block = 59 if mpeg1 else 63        # bits per granule and channel in the side information
    total = 0
    for g in range(granules):
        for c in range(frame.channels):
            bit = skip + (g * frame.channels + c) * block
            byte = side + bit // 8
            if byte + 3 > len(data):
                return False
            chunk = int.from_bytes(data[byte:byte + 3], "big")
            total += (chunk >> (24 - 12 - bit % 8)) & 0xFFF
    return total <= 16 * granules * frame.channels


def _walk(data: bytes, start: int, first: _Frame) -> tuple[int, int]:
    """(frames, quiet frames) following the chain of frame lengths from ``start``."""
    frames = quiet = 0
    pos = start
    frame: _Frame | None = first
    while frame is not None and frame.length:
        if (frame.version, frame.layer, frame.sample_rate) != (first.version, first.layer, first.sample_rate):
            break
        frames += 1
        if frame.layer == 3 and _quiet(data, pos, frame):
            quiet += 1
        pos += frame.length
        frame = _frame_at(data, pos)
    return frames, quiet


def check_mp3(data: bytes, name: str) -> Mp3Info:
    """Check an mp3 for uploadvoicefile; raise ``VoiceFileError`` or return what it is."""
    size = len(data)
    if size == 0:
        raise VoiceFileError(f"文件“{name}”是空的（0 字节），请重新选择语音文件。",
                             f"“{name}” is empty (0 bytes).", name=name)
    if size > MAX_BYTES:
        raise VoiceFileError(
            f"文件“{name}”有 {size / 1024 / 1024:.1f} MB，超过了平台允许的 5 MB。请压缩后再上传"
            f"（例如用单声道、较低码率重新导出）。",
            f"“{name}” is {size / 1024 / 1024:.1f} MB; the platform takes at most 5 MB.", name=name)

    start = _id3_end(data)
    has_id3 = start > 0
    if start >= size and has_id3:
        raise VoiceFileError(f"文件“{name}”只有 MP3 标签信息，没有声音数据。",
                             f"“{name}” has an ID3 tag and no audio.", name=name)
    # encoders sometimes pad with zero bytes before the first frame
    pos = start
    limit = min(size, start + 65536)
    while pos < limit and data[pos] == 0:
        pos += 1
    frame = _frame_at(data, pos)
    if frame is None:
        if has_id3:
            raise VoiceFileError(f"文件“{name}”有 MP3 标签，但后面不是 MP3 声音数据，文件可能已损坏。",
                                 f"“{name}” has an ID3 tag but no MPEG audio after it (damaged?).", name=name)
        raise VoiceFileError(
            f"文件“{name}”不是 MP3 文件（内容是{_what_is_it(data)}）。请用录音或转换软件导出为 MP3 再上传。",
            f"“{name}” is not an mp3 file.", name=name)
    if frame.layer != 3:
        raise VoiceFileError(
            f"文件“{name}”是 MPEG Layer {'I' * frame.layer} 音频，不是 MP3（Layer III），平台可能无法播放。请转换为 MP3。",
            f"“{name}” is MPEG Layer {frame.layer} audio, not mp3 (Layer III).", name=name)
    if frame.bitrate == 0:
        raise VoiceFileError(f"文件“{name}”使用了自由码率（free format），平台无法播放，请用常规码率重新导出。",
                             f"“{name}” uses free-format bitrate, which is not supported.", name=name)
    following = pos + frame.length
    if following + 4 <= size:
        second = _frame_at(data, following)
        if second is None or (second.version, second.layer, second.sample_rate) != (
                frame.version, frame.layer, frame.sample_rate):
            raise VoiceFileError(
                f"文件“{name}”开头像 MP3，但第二个音频帧不在应在的位置，文件已损坏或不是 MP3。",
                f"“{name}” starts like an mp3 but its frames do not follow each other (damaged?).", name=name)

    from mutagen import MutagenError
    from mutagen.mp3 import MP3

    read_mp3 = cast(Callable[[BinaryIO], Any], MP3)  # mutagen has no annotations
    try:
        audio = read_mp3(io.BytesIO(data))
    except (MutagenError, Exception) as exc:  # noqa: BLE001 — mutagen raises several types
        raise VoiceFileError(f"文件“{name}”已损坏，无法读取 MP3 信息。",
                             f"“{name}” is damaged: {exc}", name=name) from None
    info = audio.info
    duration = float(getattr(info, "length", 0.0) or 0.0)
    bitrate = int(getattr(info, "bitrate", 0) or 0)
    sample_rate = int(getattr(info, "sample_rate", 0) or 0)
    channels = int(getattr(info, "channels", 0) or frame.channels)
    if duration <= 0 or sample_rate <= 0:
        raise VoiceFileError(f"文件“{name}”已损坏：读不出时长或采样率。",
                             f"“{name}” is damaged: no duration or sample rate.", name=name)

    frames, quiet = _walk(data, pos, frame)
    warnings: list[str] = []
    warnings_en: list[str] = []
    if duration > LONG_SECONDS:
        warnings.append(f"语音时长 {duration:.0f} 秒，超过 {LONG_SECONDS:.0f} 秒：接听的人可能听不完，通话费用也更高。")
        warnings_en.append(f"The recording lasts {duration:.0f} s, over {LONG_SECONDS:.0f} s.")
    elif duration < SHORT_SECONDS:
        warnings.append(f"语音只有 {duration:.2f} 秒，几乎听不到内容，请确认选对了文件。")
        warnings_en.append(f"The recording lasts only {duration:.2f} s.")
    if 0 < bitrate < LOW_BITRATE:
        warnings.append(f"码率只有 {bitrate // 1000} kbps，声音可能很差。建议至少 32 kbps。")
        warnings_en.append(f"The bitrate is only {bitrate // 1000} kbps; the sound may be poor.")
    if frames >= 10 and quiet >= QUIET_SHARE * frames:
        warnings.append("这段音频几乎全是静音，请确认录音正常。")
        warnings_en.append("The recording is almost all silence.")
    return Mp3Info(size, duration, bitrate, sample_rate, warnings, channels, frames, has_id3, warnings_en)
