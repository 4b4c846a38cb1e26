"""Replay: time -> what is on screen (cursor, trail, clicks, keys, window); OpenCV frames; clips; browser payload."""
