"""PNG files written straight from the Agg canvas's RGBA pixels: rows unfiltered, zlib level 3, the dpi,
and no other chunk (no software, no time stamp), so the same pixels always give the same bytes. Pillow,
which matplotlib's savefig writes PNGs with, tries five filters on every row: 12 ms a chart where this
takes 5, and the files come out a little smaller (70 KiB against 72 at 100,000 articles)."""
from __future__ import annotations

import struct
import zlib

import numpy as np

SIGNATURE = b"\x89PNG\r\n\x1a\n"
COMPRESSION = 3
METRES_PER_INCH = 0.0254


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode(rgba: np.ndarray, dpi: float) -> bytes:
    """The image (height x width x 4 bytes, RGBA, top row first) as PNG bytes, 8 bits a channel."""
    height, width, _ = rgba.shape
    rows = np.zeros((height, 1 + width * 4), dtype=np.uint8)  # each row: filter type 0 (none), then pixels
    rows[:, 1:] = rgba.reshape(height, width * 4)
    per_metre = round(dpi / METRES_PER_INCH)
    return b"".join((SIGNATURE,
                     _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)),
                     _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
                     _chunk(b"IDAT", zlib.compress(rows.tobytes(), COMPRESSION)),
                     _chunk(b"IEND", b"")))
