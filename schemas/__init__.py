"""Warehouse table schemas: Pandera models (validation), pyarrow schemas (writing) and the data
dictionary, all generated from the models in tables.py."""
from schemas.arrow import SCHEMA_VERSION, arrow_schema
from schemas.dictionary import data_dictionary
from schemas.tables import TABLES, columns

__all__ = ["TABLES", "SCHEMA_VERSION", "arrow_schema", "data_dictionary", "columns"]
