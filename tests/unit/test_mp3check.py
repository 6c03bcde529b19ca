"""voice/mp3check.py: what uploadvoicefile would refuse is refused here first, in plain words."""

from __future__ import annotations

import io
import random
import struct

import pytest
from mutagen.mp3 import MP3

from jianmi_desktop.platform.errors import JianmiError
from jianmi_desktop.voice.mp3check import MAX_BYTES, Mp3Info, VoiceFileError, check_mp3

# MPEG-1 Layer III, 128 kbps, 44.1 kHz, no CRC, stereo: 417-byte frames of 1152 samples
MPEG1_128K = b"\xff\xfb\x90\x00"
FRAME_128K = 417
# MPEG-2 Layer III, 8 kbps, 24 kHz, mono: 72·8000/24000 = 24-byte frames of 576 samples
MPEG2_8K_MONO = b"\xff\xf3\x14\xc4"
FRAME_8K = 24


def frames(count: int, *, header: bytes = MPEG1_128K, length: int = FRAME_128K, noisy: bool = False,
           seed: int = 0) -> bytes:
    """A sequence of MPEG frames: zero payload (digital silence) or random payload."""
    rnd = random.Random(seed)
    out = bytearray()
    for _ in range(count):
        body = rnd.randbytes(length - 4) if noisy else bytes(length - 4)
        out += header + body
    return bytes(out)


def seconds_128k(seconds: float, **kw) -> bytes:
    return frames(round(seconds * 44100 / 1152), **kw)


def id3_tag(payload: bytes = b"") -> bytes:
    frame = b"TIT2" + struct.pack(">I", len(payload) + 1) + b"\x00\x00" + b"\x03" + payload
    size = len(frame) + 20     # some padding
    syncsafe = bytes([(size >> 21) & 0x7F, (size >> 14) & 0x7F, (size >> 7) & 0x7F, size & 0x7F])
    return b"ID3\x03\x00\x00" + syncsafe + frame + bytes(20)


def test_our_fixture_is_an_mp3_for_mutagen_too():
    data = seconds_128k(5, noisy=True)
    info = MP3(io.BytesIO(data)).info
    assert info.sample_rate == 44100 and info.bitrate == 128000
    assert info.length == pytest.approx(5, abs=0.1)


def test_plain_mp3_passes_without_warnings():
    data = seconds_128k(5, noisy=True)
    info = check_mp3(data, "greeting.mp3")
    assert isinstance(info, Mp3Info)
    assert info.size == len(data)
    assert info.duration_s == pytest.approx(5, abs=0.1)
    assert info.bitrate == 128_000
    assert info.sample_rate == 44_100
    assert info.channels == 2
    assert info.frames == round(5 * 44100 / 1152)
    assert info.warnings == []
    assert not info.has_id3


def test_mp3_with_id3_tag_passes():
    data = id3_tag("问候".encode()) + seconds_128k(3, noisy=True)
    info = check_mp3(data, "tagged.mp3")
    assert info.has_id3
    assert info.duration_s == pytest.approx(3, abs=0.1)
    assert info.warnings == []


def test_zero_padding_after_the_tag_is_allowed():
    data = id3_tag(b"x") + bytes(300) + seconds_128k(2, noisy=True)
    assert check_mp3(data, "padded.mp3").duration_s == pytest.approx(2, abs=0.1)


def test_empty_file_is_refused_naming_it():
    with pytest.raises(VoiceFileError) as err:
        check_mp3(b"", "空的.mp3")
    assert "空的.mp3" in err.value.zh and "0 字节" in err.value.zh
    assert isinstance(err.value, JianmiError)


def test_over_five_megabytes_is_refused():
    data = frames(MAX_BYTES // FRAME_128K + 2, noisy=False)
    assert len(data) > 5 * 1024 * 1024
    with pytest.raises(VoiceFileError) as err:
        check_mp3(data, "big.mp3")
    assert "5 MB" in err.value.zh and "big.mp3" in err.value.zh


def test_exactly_five_megabytes_is_not_refused_for_size():
    data = frames(MAX_BYTES // FRAME_128K)
    data += bytes(MAX_BYTES - len(data))      # trailing zeros up to exactly 5 MB
    assert len(data) == MAX_BYTES
    check_mp3(data, "edge.mp3")


def wav_bytes(seconds: float = 1.0) -> bytes:
    import wave

    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        rnd = random.Random(1)
        # noise that contains 0xFF 0xFB pairs now and then: a naive sync search would bite
        w.writeframes(bytes(rnd.choice((0xFF, 0xFB, 0x90, 0x00, 0x12)) for _ in range(int(16000 * seconds))))
    return buf.getvalue()


@pytest.mark.parametrize("data, what", [
    (wav_bytes(), "WAV"),
    (b"Hello, this is not audio at all.\n" * 20, "文字"),
    ("这是一段中文文字，不是声音。".encode("gbk") * 10, "文字"),
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(2000), "程序"),
    (b"\x00\x00\x00\x20ftypM4A " + bytes(2000), "M4A"),
    (b"OggS" + bytes(2000), "OGG"),
])
def test_not_an_mp3_is_refused_saying_what_it_is(data, what):
    with pytest.raises(VoiceFileError) as err:
        check_mp3(data, "renamed.mp3")
    assert "renamed.mp3" in err.value.zh
    assert "不是 MP3" in err.value.zh
    assert what in err.value.zh


def test_sync_bytes_followed_by_garbage_are_refused():
    rnd = random.Random(3)
    data = MPEG1_128K + rnd.randbytes(5000).replace(b"\xff", b"\x00")
    with pytest.raises(VoiceFileError) as err:
        check_mp3(data, "fake.mp3")
    assert "损坏" in err.value.zh


def test_id3_tag_without_audio_is_refused():
    with pytest.raises(VoiceFileError) as err:
        check_mp3(id3_tag(b"title"), "tag-only.mp3")
    assert "tag-only.mp3" in err.value.zh
    with pytest.raises(VoiceFileError):
        check_mp3(id3_tag(b"title") + b"not audio at all" * 50, "tag-text.mp3")


def test_layer_two_audio_is_not_an_mp3():
    # MPEG-1 Layer II, 128 kbps, 44.1 kHz: header FF FD 90 00, 417-byte frames
    data = frames(50, header=b"\xff\xfd\x90\x00", noisy=True)
    with pytest.raises(VoiceFileError) as err:
        check_mp3(data, "music.mp2")
    assert "Layer II" in err.value.zh


def test_long_recording_warns():
    info = check_mp3(seconds_128k(75, noisy=True), "long.mp3")
    assert info.duration_s > 60
    assert any("超过 60 秒" in w for w in info.warnings)
    assert len(info.warnings) == len(info.warnings_en)


def test_very_short_recording_warns():
    info = check_mp3(frames(10, noisy=True), "blip.mp3")
    assert info.duration_s < 1
    assert any("秒" in w and "听不到" in w for w in info.warnings)


def test_silence_warns():
    info = check_mp3(seconds_128k(5), "silent.mp3")
    assert any("静音" in w for w in info.warnings)
    loud = check_mp3(seconds_128k(5, noisy=True), "loud.mp3")
    assert not any("静音" in w for w in loud.warnings)


def test_tiny_bitrate_warns():
    data = frames(round(3 * 24000 / 576), header=MPEG2_8K_MONO, length=FRAME_8K, noisy=True)
    info = check_mp3(data, "phone.mp3")
    assert info.bitrate == 8000 and info.sample_rate == 24000 and info.channels == 1
    assert info.duration_s == pytest.approx(3, abs=0.1)
    assert any("8 kbps" in w for w in info.warnings)


def test_truncated_last_frame_still_passes():
    data = seconds_128k(3, noisy=True)[:-200]
    info = check_mp3(data, "cut.mp3")
    assert info.duration_s == pytest.approx(3, abs=0.15)


def test_random_bytes_never_crash():
    rnd = random.Random(11)
    for i in range(200):
        blob = rnd.randbytes(rnd.randrange(1, 3000))
        if i % 3 == 0:
            blob = MPEG1_128K + blob
        elif i % 3 == 1:
            blob = b"ID3" + blob
        try:
            check_mp3(blob, "fuzz.mp3")
        except VoiceFileError as err:
            assert "fuzz.mp3" in err.zh
