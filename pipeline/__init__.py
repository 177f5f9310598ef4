"""Statistics warehouse: archived news articles -> validated, provenance-carrying Parquet tables."""
