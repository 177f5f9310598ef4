"""Publishing tables to the warehouse: write-audit-publish Parquet, the extraction manifest and the data
dictionary beside the data."""
from pipeline.publish.manifest import extractor_version, read_manifest, write_manifest
from pipeline.publish.parquet import TableRejected, publish, read, table_path, validate, write_data_dictionary

__all__ = ["TableRejected", "publish", "read", "table_path", "validate", "extractor_version", "read_manifest",
           "write_manifest", "write_data_dictionary"]
