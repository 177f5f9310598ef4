"""The sentence a figure stands in, cut from the article text when the articles frame carries it (an
optional `text` column), using the extractor's own sentence split so indices agree."""
from __future__ import annotations

import functools

import pandas as pd

from pipeline.extract.structure import parse_page


@functools.lru_cache(maxsize=64)
def _sentences(text: str) -> tuple[str, ...]:
    return tuple(text[s.start:s.end] for s in parse_page(text).sentences)


def article_texts(articles: pd.DataFrame | None) -> dict[str, str]:
    """article_id -> text, empty when the frame has no `text` column."""
    if articles is None or "text" not in articles.columns:
        return {}
    return {a: t for a, t in zip(articles["article_id"], articles["text"]) if isinstance(t, str)}


def sentence_of(texts: dict[str, str], article_id: str, sentence_index: int) -> str | None:
    """The figure's sentence, or None when the text is unknown."""
    text = texts.get(article_id)
    if text is None:
        return None
    sentences = _sentences(text)
    return sentences[sentence_index] if 0 <= sentence_index < len(sentences) else None
