"""Image and video metadata left out of exports: EXIF, XMP, comments, PNG text chunks, WebP metadata, MP4 tags
and audio, on real files written by Pillow and PyAV; files without any are left byte for byte."""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np
import pytest
from PIL import Image, PngImagePlugin

from viewer.export.base import ExportError
from viewer.export.strip import clean_image, clean_video, video_extras

SECRET = "jane.doe@example.com"


def _picture() -> Image.Image:
    rng = np.random.default_rng(5)
    pixels = rng.integers(0, 255, (48, 64, 3), dtype=np.uint8)
    pixels[10:30, 10:50] = (20, 200, 40)
    return Image.fromarray(pixels)


def _exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010E] = SECRET           # ImageDescription
    exif[0x013B] = "Jane Doe"       # Artist
    return exif


def _pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def _save(fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    _picture().save(buf, format=fmt, **kw)
    return buf.getvalue()


def test_jpeg_exif_xmp_and_comment_are_left_out_losslessly():
    data = _save("JPEG", quality=90, exif=_exif(), comment=SECRET, xmp=f"<x>{SECRET}</x>".encode())
    assert SECRET.encode() in data
    cleaned = clean_image(data, "shot.jpg")
    assert cleaned is not None and SECRET.encode() not in cleaned and b"Jane Doe" not in cleaned
    img = Image.open(io.BytesIO(cleaned))
    assert not img.getexif() and "comment" not in img.info and "xmp" not in img.info
    assert np.array_equal(_pixels(cleaned), _pixels(data))  # the picture's bytes were not re-encoded
    assert clean_image(cleaned, "shot.jpg") is None


def test_png_text_chunks_and_exif_are_left_out():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET)
    info.add_itxt("Author", "Jane Doe")
    info.add_text("Note", SECRET, zip=True)
    data = _save("PNG", pnginfo=info, exif=_exif())
    cleaned = clean_image(data, "shot.png")
    assert cleaned is not None and SECRET.encode() not in cleaned and b"Jane" not in cleaned
    img = Image.open(io.BytesIO(cleaned))
    img.load()
    assert img.text == {} and not img.getexif()
    assert np.array_equal(_pixels(cleaned), _pixels(data))


def test_webp_exif_and_xmp_are_left_out():
    data = _save("WEBP", lossless=True, exif=_exif(), xmp=f"<x>{SECRET}</x>".encode())
    cleaned = clean_image(data, "shot.webp")
    assert cleaned is not None and SECRET.encode() not in cleaned
    img = Image.open(io.BytesIO(cleaned))
    assert "exif" not in img.info and "xmp" not in img.info
    assert np.array_equal(_pixels(cleaned), _pixels(data))


def test_bytes_after_the_image_end_are_left_out():
    data = _save("PNG") + b"appended " + SECRET.encode()
    cleaned = clean_image(data, "shot.png")
    assert cleaned is not None and SECRET.encode() not in cleaned
    assert np.array_equal(_pixels(cleaned), _pixels(data))


@pytest.mark.parametrize("ext", [".png", ".jpg", ".webp"])
def test_images_without_metadata_are_left_alone(ext):
    ok, buf = cv2.imencode(ext, np.asarray(_picture()))
    assert ok
    assert clean_image(buf.tobytes(), f"shot{ext}") is None
    assert clean_image(_save({".png": "PNG", ".jpg": "JPEG", ".webp": "WEBP"}[ext]), f"s{ext}") is None


def test_unreadable_images_are_refused_by_name():
    with pytest.raises(ExportError, match=r"screenshots/x.png: screenshot-format: not a PNG"):
        clean_image(b"not an image at all", "screenshots/x.png")
    with pytest.raises(ExportError, match=r"x.png: screenshot-format: its PNG structure"):
        clean_image(_save("PNG")[:60], "x.png")


def write_tagged_video(path: Path, audio: bool = True, tags: bool = True, frames: int = 12) -> None:
    """A real MP4 (MPEG-4 video, AAC audio) with a title and comment, as a recorder might leave it."""
    with av.open(str(path), "w") as box:
        if tags:
            box.metadata["title"] = "Jane Doe's screen"
            box.metadata["comment"] = SECRET
        video = box.add_stream("mpeg4", rate=10)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        sound = box.add_stream("aac", rate=16000) if audio else None
        rng = np.random.default_rng(1)
        for _ in range(frames):
            frame = av.VideoFrame.from_ndarray(rng.integers(0, 255, (48, 64, 3), dtype=np.uint8), format="rgb24")
            box.mux(video.encode(frame))
        box.mux(video.encode())
        if sound is not None:
            samples = (np.sin(np.linspace(0, 400, 16000)) * 3000).astype(np.int16)[None, :]
            for i in range(0, 16000, 1024):
                chunk = av.AudioFrame.from_ndarray(samples[:, i:i + 1024], format="s16", layout="mono")
                chunk.sample_rate, chunk.pts, chunk.time_base = 16000, i, Fraction(1, 16000)
                box.mux(sound.encode(chunk))
            box.mux(sound.encode())


def _packets(path: Path) -> list[bytes]:
    with av.open(str(path)) as box:
        return [bytes(p) for p in box.demux(box.streams.video[0]) if p.size]


def test_video_tags_and_audio_are_left_out_without_re_encoding(tmp_path):
    src, dst = tmp_path / "screen.mp4", tmp_path / "out.mp4"
    write_tagged_video(src)
    assert video_extras(src) == ["audio", "tags"]
    clean_video(src, dst)
    with av.open(str(dst)) as box:
        assert [s.type for s in box.streams] == ["video"]
        assert {k.lower() for k in box.metadata} <= {"major_brand", "minor_version", "compatible_brands", "encoder"}
    assert SECRET.encode() not in dst.read_bytes() and b"Jane" not in dst.read_bytes()
    assert _packets(dst) == _packets(src)
    assert video_extras(dst) == []


def test_a_plain_video_has_nothing_to_strip(tmp_path):
    src = tmp_path / "screen.mp4"
    write_tagged_video(src, audio=False, tags=False)
    assert video_extras(src) == []
