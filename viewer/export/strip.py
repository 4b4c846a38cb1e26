"""Media metadata nobody reviewed, stripped on the way out: EXIF, XMP, comments and text chunks of screenshots,
tags, audio and data tracks of the screen video.

Images are cleaned at the container level, losslessly: the segments (JPEG), chunks (PNG) or RIFF chunks (WebP)
that carry metadata are left out and every byte of the picture itself is kept, so a cleaned file decodes to
exactly the same pixels (re-saving through an image library would re-encode a JPEG, a loss on every export). A
file that carries nothing to strip is not rewritten: `clean_image` returns None and the export copies it byte
for byte. Kept: what decoding needs (JPEG tables, frame and scan headers; PNG IHDR/PLTE/IDAT/IEND and
colour chunks; WebP bitstream, alpha, animation) and colour profiles. Left out: everything else, including
thumbnails (a JFIF or EXIF thumbnail is a small copy of the unredacted screen) and bytes after the image's end.

Video: a file with audio, subtitle, data or attachment streams, or tags beyond the container's own, is remuxed
(PyAV, no re-encoding) into its video stream alone with no tags."""

from __future__ import annotations

import os
import struct
from pathlib import Path

from .base import ExportError

# ---- JPEG ------------------------------------------------------------------------------------------------
SOI, EOI, SOS, COM = 0xD8, 0xD9, 0xDA, 0xFE
APP0, APP2, APP14, APP15 = 0xE0, 0xE2, 0xEE, 0xEF
STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM, RST0-7: no length


def _keep_jpeg(marker: int, payload: bytes) -> bool:
    if marker == COM:
        return False
    if not APP0 <= marker <= APP15:
        return True  # tables, frame/scan headers, restart intervals: the picture itself
    if marker == APP0:
        # JFIF without a thumbnail (its header is 14 bytes; X/Ythumbnail zero)
        return payload[:5] == b"JFIF\0" and len(payload) == 14
    if marker == APP2:
        return payload[:12] == b"ICC_PROFILE\0"
    return marker == APP14 and payload[:5] == b"Adobe"  # the colour transform decoders need


def _jpeg_scan_end(data: bytes, i: int) -> int:
    """Index of the next marker after entropy-coded data starting at `i` (0xFF00 stuffing and RSTn skipped)."""
    n = len(data)
    while True:
        i = data.find(b"\xff", i)
        if i < 0 or i + 1 >= n:
            raise ValueError("entropy-coded data runs past the end")
        nxt = data[i + 1]
        if nxt == 0x00 or nxt == 0xFF or 0xD0 <= nxt <= 0xD7:
            i += 1 if nxt == 0xFF else 2
            continue
        return i


def _jpeg(data: bytes) -> bytes | None:
    out, i, n, dropped = [data[:2]], 2, len(data), False
    while True:
        if i + 2 > n or data[i] != 0xFF:
            raise ValueError("no marker where one is due")
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == EOI:
            out.append(data[i:i + 2])
            dropped |= i + 2 < n  # bytes after the end of the image
            break
        if marker in STANDALONE:
            out.append(data[i:i + 2])
            i += 2
            continue
        if i + 4 > n:
            raise ValueError("segment header cut short")
        end = i + 2 + int.from_bytes(data[i + 2:i + 4], "big")
        if end > n:
            raise ValueError("segment runs past the end")
        if _keep_jpeg(marker, data[i + 4:end]):
            if marker == SOS:
                end = _jpeg_scan_end(data, end)
            out.append(data[i:end])
        else:
            dropped = True
        i = end
    return b"".join(out) if dropped else None


# ---- PNG -------------------------------------------------------------------------------------------------
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# what decoding and colour need, and animation (APNG); text, EXIF, time stamps and private chunks are left out
PNG_KEEP = frozenset({b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
                      b"bKGD", b"pHYs", b"hIST", b"cICP", b"mDCV", b"cLLI", b"mDCv", b"cLLi", b"acTL", b"fcTL",
                      b"fdAT"})


def _png(data: bytes) -> bytes | None:
    out, i, n, dropped = [PNG_SIGNATURE], len(PNG_SIGNATURE), len(data), False
    while True:
        if i + 8 > n:
            raise ValueError("chunk header cut short")
        length, kind = struct.unpack_from(">I4s", data, i)
        end = i + 12 + length
        if end > n:
            raise ValueError("chunk runs past the end")
        if kind in PNG_KEEP:
            out.append(data[i:end])
        else:
            dropped = True
        i = end
        if kind == b"IEND":
            dropped |= i < n
            break
    return b"".join(out) if dropped else None


# ---- WebP ------------------------------------------------------------------------------------------------
WEBP_KEEP = frozenset({b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"})
VP8X_EXIF, VP8X_XMP = 0x08, 0x04


def _webp(data: bytes) -> bytes | None:
    size = int.from_bytes(data[4:8], "little") + 8
    if size > len(data):
        raise ValueError("RIFF size past the end")
    chunks, i, dropped = [], 12, size < len(data)
    while i < size:
        if i + 8 > size:
            raise ValueError("chunk header cut short")
        kind, length = data[i:i + 4], int.from_bytes(data[i + 4:i + 8], "little")
        end = i + 8 + length + (length & 1)  # chunks are padded to an even size
        if end > size:
            raise ValueError("chunk runs past the end")
        if kind in WEBP_KEEP:
            chunks.append(data[i:end])
        else:
            dropped = True
        i = end
    if not dropped:
        return None
    if chunks and chunks[0][:4] == b"VP8X":  # the header's flags must not announce what is gone
        head = bytearray(chunks[0])
        head[8] &= ~(VP8X_EXIF | VP8X_XMP) & 0xFF
        chunks[0] = bytes(head)
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + len(body).to_bytes(4, "little") + body


def _kind(data: bytes) -> str | None:
    if data[:2] == b"\xff\xd8":
        return "jpeg"
    if data[:8] == PNG_SIGNATURE:
        return "png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


IMAGE_CLEANERS = {"jpeg": _jpeg, "png": _png, "webp": _webp}


def clean_image(data: bytes, label: str) -> bytes | None:
    """The image without its metadata, or None when it has none (copy it as it is). Raises ExportError,
    naming `label`, for a file that is not a PNG, JPEG or WebP or whose structure cannot be followed:
    what cannot be read cannot be checked, so it does not leave."""
    kind = _kind(data)
    if kind is None:
        raise ExportError(f"{label}: screenshot-format: not a PNG, JPEG or WebP file; not exported")
    try:
        return IMAGE_CLEANERS[kind](data)
    except (ValueError, struct.error, IndexError):
        raise ExportError(f"{label}: screenshot-format: its {kind.upper()} structure cannot be followed to "
                          "strip metadata; not exported") from None


# ---- video -----------------------------------------------------------------------------------------------
# tags every muxer writes about the container itself; anything else (title, comment, creation time,
# location, encoder settings of a recorder, ...) is left out
CONTAINER_TAGS = frozenset({"major_brand", "minor_version", "compatible_brands", "encoder"})
STREAM_TAGS = frozenset({"language", "handler_name", "vendor_id", "encoder", "duration"})
MUXERS = {".mp4": "mp4", ".webm": "webm"}


def video_extras(path: Path) -> list[str]:
    """What the video holds besides its picture: "audio", "subtitle", "data", "attachment", "tags" (empty:
    copy it as it is). Raises ExportError for a file that cannot be opened."""
    import av

    try:
        with av.open(os.fspath(path)) as box:
            found = {s.type for s in box.streams if s.type != "video"}
            tagged = {k.lower() for k in box.metadata} - CONTAINER_TAGS
            tagged |= {k.lower() for s in box.streams.video for k in s.metadata} - STREAM_TAGS
    except av.error.FFmpegError:
        raise ExportError(f"{path}: video-undecodable: cannot be opened to strip its metadata") from None
    return sorted(found) + (["tags"] if tagged else [])


def clean_video(src: Path, dst: Path) -> None:
    """Remux `src`'s video stream(s) alone into `dst` (written atomically), without tags or other streams."""
    import av

    tmp = dst.with_name(dst.stem + ".tmp" + dst.suffix)
    try:
        with av.open(os.fspath(src)) as box, av.open(os.fspath(tmp), "w", format=MUXERS.get(dst.suffix.lower(),
                                                                                        "mp4")) as out:
            pairs = {s.index: out.add_stream_from_template(s) for s in box.streams.video}
            for stream in pairs.values():
                stream.metadata.clear()
            for packet in box.demux(*box.streams.video):
                if packet.dts is None:  # the demuxer's flush packet
                    continue
                packet.stream = pairs[packet.stream.index]
                out.mux(packet)
    except av.error.FFmpegError:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"{src}: video-undecodable: cannot be remuxed to strip its metadata") from None
    os.replace(tmp, dst)
