"""Publishing tables to the warehouse: versioned Parquet datasets (write-audit-publish), the extraction
manifest, the data dictionary and data package beside the data, and the mirror
of the warehouse on object storage."""
from pipeline.publish.dataset import (bucket_count, bucket_of, part_files, published_files, reader_glob, table_dir,
                                      version_info)
from pipeline.publish.manifest import MANIFEST, extractor_version, manifest_bytes, mapping_version, read_manifest
from pipeline.publish.object_store import open_warehouse, s3_part_urls
from pipeline.publish.package import DATAPACKAGE, write_datapackage
from pipeline.publish.parquet import TableRejected, publish, read, validate, write_data_dictionary

__all__ = ["TableRejected", "publish", "read", "validate", "write_data_dictionary", "bucket_count", "bucket_of",
           "part_files", "published_files", "reader_glob", "table_dir", "version_info", "MANIFEST", "extractor_version", "manifest_bytes", "mapping_version",
           "read_manifest", "DATAPACKAGE", "write_datapackage",
           "open_warehouse", "s3_part_urls"]
