"""The raw archive: article files and their provenance sidecars, read and checked."""
from pipeline.archive.listing import list_archive, read_archive
from pipeline.archive.reader import (ArchivedArticle, ArchiveEntry, Rejection, check_article, decode_article,
                                     plain_reason, read_article, rejection)
from pipeline.archive.sidecar import SIDECAR_KEYS, SidecarError, parse_sidecar

__all__ = ["ArchivedArticle", "ArchiveEntry", "Rejection", "check_article", "decode_article", "list_archive",
           "plain_reason", "read_archive", "read_article", "rejection", "SIDECAR_KEYS", "SidecarError",
           "parse_sidecar"]
