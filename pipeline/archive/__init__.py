"""The raw archive: article files and their provenance sidecars, read and checked."""
from pipeline.archive.reader import ArchivedArticle, Rejection, decode_article, read_archive
from pipeline.archive.sidecar import SIDECAR_KEYS, SidecarError, parse_sidecar

__all__ = ["ArchivedArticle", "Rejection", "decode_article", "read_archive", "SIDECAR_KEYS", "SidecarError",
           "parse_sidecar"]
