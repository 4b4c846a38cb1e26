"""A shared video reader closed (evicted) while a request still holds it: closing waits for the read under
the reader's lock, and the next read opens the file again instead of failing."""

from __future__ import annotations

import threading

import cv2
import numpy as np

from viewer.replay.media import VideoFrames


def _video(path, frames: int = 12):
    out = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 10.0, (64, 48))
    for i in range(frames):
        out.write(np.full((48, 64, 3), i * 20, dtype=np.uint8))
    out.release()
    return path


def test_a_closed_reader_reads_again(tmp_path):
    reader = VideoFrames(_video(tmp_path / "screen.mp4"))
    first = reader.frame(3)
    reader.close()
    again = reader.frame(5)
    assert first is not None and again is not None
    assert again.mean() > first.mean()  # a later, brighter frame: really read after closing
    reader.close()


def test_close_waits_for_a_read_in_progress(tmp_path):
    reader = VideoFrames(_video(tmp_path / "screen.mp4"))
    reader._lock.acquire()  # a read in progress in another thread
    closed = threading.Event()
    closer = threading.Thread(target=lambda: (reader.close(), closed.set()))
    closer.start()
    assert reader._cap is not None and not closed.is_set()  # never released under the read holding the lock
    reader._lock.release()
    closer.join(30)
    assert closed.is_set() and reader._cap is None
