"""Reading screenshots and screen-video frames safely (never outside the session dir), downscaled, as JPEG."""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

import cv2
import numpy as np

from viewer.trace.paths import inside


def read_image(session_dir: Path, relative: str) -> np.ndarray | None:
    """A screenshot as a BGR array, or None when missing, undecodable or outside the session dir."""
    target = inside(Path(session_dir), relative)
    if target is None or not target.is_file():
        return None
    data = np.fromfile(str(target), dtype=np.uint8)
    img = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    return img


def downscale(img: np.ndarray, max_width: int) -> np.ndarray:
    h, w = img.shape[:2]
    if w <= max_width:
        return img
    return cv2.resize(img, (max_width, max(1, round(h * max_width / w))), interpolation=cv2.INTER_AREA)


def jpeg(img: np.ndarray, quality: int = 72) -> bytes:
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return buf.tobytes() if ok else b""


class VideoFrames:
    """Frames of one screen video by index; reads forward instead of seeking when the next frame is near."""

    def __init__(self, path: Path):
        self.path = path
        self._cap = cv2.VideoCapture(str(path))
        self.fps = float(self._cap.get(cv2.CAP_PROP_FPS) or 0) or 10.0
        self.count = int(self._cap.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        self._pos = 0
        self._last: tuple[int, np.ndarray] | None = None
        self._lock = threading.Lock()

    def frame(self, index: int) -> np.ndarray | None:
        index = max(0, min(index, self.count - 1)) if self.count else max(0, index)
        with self._lock:
            if self._last is not None and self._last[0] == index:
                return self._last[1]
            if self._cap is None:  # closed while a request still held this reader: open it again
                self._cap, self._pos = cv2.VideoCapture(str(self.path)), 0
            if not (self._pos <= index < self._pos + 90):
                self._cap.set(cv2.CAP_PROP_POS_FRAMES, index)
                self._pos = index
            img = None
            while self._pos <= index:
                ok, img = self._cap.read()
                if not ok:
                    return self._last[1] if self._last else None
                self._pos += 1
            self._last = (index, img)
            return img

    def index_at(self, t: float, t0: float) -> int:
        return int(max(0.0, t - t0) * self.fps)

    def close(self) -> None:
        """Release the file under the reader's lock, so a frame being read in another thread finishes first."""
        with self._lock:
            if self._cap is not None:
                self._cap.release()
                self._cap = None


_videos: OrderedDict[str, VideoFrames] = OrderedDict()
_videos_lock = threading.Lock()


def open_video(session_dir: Path, relative: str) -> VideoFrames | None:
    """A shared reader for the session's video (a few kept open), or None when it cannot be opened."""
    target = inside(Path(session_dir), relative)
    if target is None or not target.is_file():
        return None
    key = f"{target}:{target.stat().st_mtime_ns}"
    with _videos_lock:
        if key not in _videos:
            reader = VideoFrames(target)
            if not reader._cap.isOpened():
                return None
            _videos[key] = reader
            while len(_videos) > 4:
                _videos.popitem(last=False)[1].close()
        _videos.move_to_end(key)
        return _videos[key]


_frame_jpegs: OrderedDict[tuple, bytes] = OrderedDict()
_frame_lock = threading.Lock()


def video_jpeg(reader: VideoFrames, index: int, max_width: int = 1280) -> bytes | None:
    """A video frame downscaled, as JPEG bytes; the last thousand or so are kept."""
    key = (str(reader.path), reader.path.stat().st_mtime_ns, index, max_width)
    with _frame_lock:
        if key in _frame_jpegs:
            _frame_jpegs.move_to_end(key)
            return _frame_jpegs[key]
    img = reader.frame(index)
    if img is None:
        return None
    data = jpeg(downscale(img, max_width))
    with _frame_lock:
        _frame_jpegs[key] = data
        while len(_frame_jpegs) > 1024:
            _frame_jpegs.popitem(last=False)
    return data
