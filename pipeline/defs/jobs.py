"""The job that materialises every table."""
import dagster as dg

warehouse_job = dg.define_asset_job("warehouse_job", selection=dg.AssetSelection.all(),
                                    description="Materialise every warehouse table from raw/ (only new and "
                                                "changed articles are extracted).")
