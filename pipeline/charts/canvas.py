"""An Agg canvas for drawing many charts in one process. matplotlib 3.11's Agg renderer shapes every
string it draws into glyphs and rasterises every glyph again each time, a third of a chart's time;
this canvas's renderer remembers both from chart to chart (drawing.py keeps one canvas per process):
a string's glyphs by font, size and text, and a glyph's bitmap by font, size, angle and the fraction of
a pixel it starts at. It measures a string from that same layout (matplotlib shapes it once to measure
it and again to draw it), and remembers each font's ascent, descent and line gap, which matplotlib's
Text otherwise looks up in the font's tables on every layout. The pixels and the measures are the same
as Agg's own: a glyph moved by whole pixels rasterises to the same bitmap, only shifted
(tests/test_charts.py compares the pixels with FigureCanvasAgg's and the measures with RendererAgg's).

It overrides three methods of RendererAgg (two of them private) and offers a fourth that Text asks for,
all written after matplotlib 3.11.2 (pinned in uv.lock): a new matplotlib may need them rewritten, or no
longer need them."""
from __future__ import annotations

import math

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.font_manager import fontManager, get_font
from matplotlib.ft2font import RenderMode

REMEMBERED = 50_000
"""Strings or glyph bitmaps a renderer keeps at most (then it starts again): 50,000 bitmaps take about
50 MB (200 charts at 100,000 articles made 22,000)."""


class GlyphCachingRenderer(RendererAgg):
    """RendererAgg that lays out each string and rasterises each glyph once."""

    def __init__(self, width, height, dpi):
        super().__init__(width, height, dpi)
        self._layouts: dict[tuple, list[tuple]] = {}
        self._bitmaps: dict[tuple, tuple[np.ndarray, int, int]] = {}
        self._font_heights: dict[tuple, tuple[float | None, float | None, float | None]] = {}
        self._metrics: dict[tuple, tuple[tuple[int, int, int, int], int]] = {}

    def _get_font_height_metrics(self, prop):
        """The font's ascent, descent and line gap in pixels, which matplotlib's Text looks up on every
        layout (a font search and two font tables each time; asked of the renderer when it offers this
        method): computed from the same tables, once per font and size."""
        key = (tuple(prop.get_family()), prop.get_style(), prop.get_variant(), prop.get_weight(),
               prop.get_stretch(), prop.get_size_in_points(), prop.get_file(), prop.get_math_fontfamily())
        found = self._font_heights.get(key)
        if found is None:
            found = self._font_heights[key] = self._font_height_metrics(prop)
        return found

    def _font_height_metrics(self, prop) -> tuple[float | None, float | None, float | None]:
        font = get_font(fontManager._find_fonts_by_props(prop))
        for table_name, gap, ascent, descent in (("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                                                 ("hhea", "lineGap", "ascent", "descent")):
            table = font.get_sfnt_table(table_name)
            if table is not None:
                scale = prop.get_size_in_points() * self.dpi / 72 / font.get_sfnt_table("head")["unitsPerEm"]
                return table[ascent] * scale, -table[descent] * scale, table[gap] * scale
        return None, None, None  # matplotlib then measures the font itself

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        """RendererAgg.draw_text, with the string's layout remembered."""
        if ismath:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        font, flags = self._prepare_font(prop), get_hinting_flag()
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        glyphs = self._glyphs(font, prop.get_size_in_points(), s, flags, features, language)
        self._draw_text_glyphs_and_boxes(gc, x, y, angle, glyphs, [])

    def _glyphs(self, font, size, s, flags, features, language) -> list[tuple]:
        """The string's glyphs as _draw_text_glyphs_and_boxes takes them (font, size, index, slant, extend,
        x, y), laid out once per font, size, text, flags, features and language."""
        key = (font, size, s, flags, None if features is None else tuple(features), language)
        glyphs = self._layouts.get(key)
        if glyphs is None:
            if len(self._layouts) >= REMEMBERED:
                self._layouts.clear()
            glyphs = self._layouts[key] = [(item.ft_object, size, item.glyph_index, 0, 1, item.x, item.y)
                                           for item in font._layout(s, flags=flags, features=features,
                                                                    language=language)]
        return glyphs

    def get_text_width_height_descent(self, s, prop, ismath):
        """RendererAgg's measure of a string (FT2Font.set_text: the pen's advance after the last glyph, the
        height of the glyphs' box and the depth below the baseline), taken from the layout draw_text then
        draws, so a string is shaped once, not once to measure and again to draw (matplotlib 3.11 shapes
        it in both). Each glyph's box and advance are remembered by font, size and glyph; tests compare
        the measures with set_text's."""
        if ismath:
            return super().get_text_width_height_descent(s, prop, ismath)
        font, flags = self._prepare_font(prop), get_hinting_flag()
        glyphs = self._glyphs(font, prop.get_size_in_points(), s, flags, None, None)
        if not glyphs:
            return 0.0, 0.0, 0.0
        low, high = 32000, -32000  # FT2Font's starting box, in 64ths of a pixel
        for glyph_font, size, glyph_index, _, _, _, glyph_y in glyphs:
            (_, bottom, _, top), _ = self._glyph_metrics(glyph_font, size, glyph_index, flags)
            shift = round(glyph_y * 0x40)
            low, high = min(low, bottom + shift), max(high, top + shift)
        last_font, size, glyph_index, _, _, last_x, _ = glyphs[-1]
        advance = round(last_x * 0x40) + self._glyph_metrics(last_font, size, glyph_index, flags)[1]
        return advance / 64.0, (high - low) / 64.0, -low / 64.0

    def _glyph_metrics(self, font, size, glyph_index, flags) -> tuple[tuple[int, int, int, int], int]:
        """A glyph's box (at the origin) and hinted advance, in 64ths of a pixel, loaded once."""
        key = (font, size, glyph_index, flags)
        found = self._metrics.get(key)
        if found is None:
            font.set_size(size, self.dpi)  # and no transform: a glyph's bitmap may have left one (_rasterise)
            glyph = font.load_glyph(glyph_index, flags)
            found = self._metrics[key] = (glyph.bbox, glyph.horiAdvance)
        return found

    def _draw_text_glyphs_and_boxes(self, gc, x, y, angle, glyphs, boxes):
        """RendererAgg's, with each glyph's bitmap at each sub-pixel offset remembered (boxes, drawn only
        by mathtext, are left to RendererAgg)."""
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        flags, antialiased = get_hinting_flag(), gc.get_antialiased()
        for font, size, glyph_index, slant, extend, dx, dy in glyphs:  # dy is upwards
            # where the glyph starts, in 64ths of a pixel; FreeType's y is upwards
            px = round(0x40 * (x + dx * cos - dy * sin))
            py = round(0x40 * (self.height - y + dx * sin + dy * cos))
            key = (font, size, glyph_index, slant, extend, angle, flags, antialiased, px & 0x3f, py & 0x3f)
            bitmap = self._bitmaps.get(key)
            if bitmap is None:
                if len(self._bitmaps) >= REMEMBERED:
                    self._bitmaps.clear()
                bitmap = self._bitmaps[key] = self._rasterise(key, cos, sin)
            buffer, left, top = bitmap
            # draw_text_image's y is downwards & the bitmap bottom side
            self._renderer.draw_text_image(buffer, left + (px >> 6), int(self.height) - top - (py >> 6)
                                           + buffer.shape[0], 0, gc)
        if boxes:
            super()._draw_text_glyphs_and_boxes(gc, x, y, angle, [], boxes)

    def _rasterise(self, key: tuple, cos: float, sin: float) -> tuple[np.ndarray, int, int]:
        """The glyph's bitmap and its left and top, drawn at the key's fraction of a pixel from the origin."""
        font, size, glyph_index, slant, extend, _, flags, antialiased, fx, fy = key
        font.set_size(size, self.dpi)
        font._set_transform((0x10000 * np.array([[cos, -sin], [sin, cos]])
                             @ [[extend, extend * slant], [0, 1]]).round().astype(int), [fx, fy])
        bitmap = font._render_glyph(glyph_index, flags, RenderMode.NORMAL if antialiased else RenderMode.MONO)
        buffer = bitmap.buffer if antialiased else bitmap.buffer * 0xff
        return buffer, bitmap.left, bitmap.top


class GlyphCachingCanvas(FigureCanvasAgg):
    """FigureCanvasAgg whose renderer is a GlyphCachingRenderer (kept while the size and dpi stay)."""

    def get_renderer(self):
        key = (*self.get_width_height(physical=True), self.figure.dpi)
        if self._lastKey != key:
            self.renderer, self._lastKey = GlyphCachingRenderer(*key), key
        return self.renderer
