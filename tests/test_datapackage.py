"""warehouse/datapackage.json: a Frictionless tabular data package generated from schemas/ that lists every
table's part files with their true sizes and digests, declares types, units, primary and foreign keys,
names the articles as sources, and comes out byte-identical on a rerun, from the build and from Dagster.

What frictionless 5.21 checks here: the descriptor against the tabular-data-package profile
(`Package.validate_descriptor`), and every row of every table against its Table Schema (types,
required, enum, pattern, minimum, primary key, foreign keys) with the rows read by pyarrow and handed to
frictionless as inline data. It cannot check the files themselves: its parquet parser reads through
pyarrow, not its byte stream (it reports byte-count "None"), opens only the first file of a multipart
resource and rejects list cells (numpy arrays) as arrays; so sizes and digests are checked here with
hashlib, and the array keys (figure_ids) with DuckDB."""
import copy
import hashlib
import json

import dagster as dg
import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from frictionless import Package

from pipeline.build import build_warehouse
from pipeline.defs.assets import datapackage as datapackage_asset
from pipeline.defs.resources import WarehouseRoots
from pipeline.publish import DATAPACKAGE, part_files, published_files, read, reader_glob
from schemas import TABLES, arrow_schema
from tests.fixtures.warehouse import COPY, SEED, build_seed_warehouse

COPY_SIDECAR = {"title": "A copy of the stalking article", "source_url": "https://example.org/stalking-copy",
                "retrieved_at": "2024-01-02T03:04:05Z", "license": "CC-BY-4.0"}
FILE_KEYS = ("path", "bytes", "hash", "parts", "format", "mediatype")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return build_seed_warehouse(tmp_path_factory.mktemp("package"), {COPY: COPY_SIDECAR})


def descriptor(warehouse) -> dict:
    return json.loads((warehouse / DATAPACKAGE).read_text(encoding="utf-8"))


def resources(warehouse) -> dict[str, dict]:
    return {resource["name"]: resource for resource in descriptor(warehouse)["resources"]}


def fields(warehouse, table: str) -> dict[str, dict]:
    return {field["name"]: field for field in resources(warehouse)[table]["schema"]["fields"]}


def inline_rows(warehouse, resource: dict) -> list[list]:
    """The resource's rows as pyarrow reads its part files: a header, then plain Python values."""
    parts = []
    for path in resource["path"]:
        table = pq.read_table(warehouse / path)
        plain = [field.with_type(field.type.value_type) if pa.types.is_dictionary(field.type) else field
                 for field in table.schema]
        parts.append(table.cast(pa.schema(plain)))
    table = pa.concat_tables(parts)
    return [table.column_names] + [list(row.values()) for row in table.to_pylist()]


def package_with_data(package: dict, rows: dict[str, list[list]]) -> Package:
    """The descriptor with each resource's files replaced by inline rows, for frictionless to validate."""
    inline = [{key: value for key, value in resource.items() if key not in FILE_KEYS} | {"data": rows[resource["name"]]}
              for resource in package["resources"]]
    return Package(package | {"resources": inline})


def test_descriptor_is_a_valid_tabular_data_package(warehouse):
    report = Package.validate_descriptor(str(warehouse / DATAPACKAGE))
    assert report.valid, report.flatten(["type", "note"])
    package = descriptor(warehouse)
    assert package["profile"] == "tabular-data-package"
    assert [resource["name"] for resource in package["resources"]] == list(TABLES)
    assert all(resource["format"] == "parquet" and resource["profile"] == "tabular-data-resource"
               for resource in package["resources"])
    broken = copy.deepcopy(package)
    broken["resources"][1]["schema"]["fields"][0]["type"] = "varchar"
    assert not Package.validate_descriptor(broken).valid  # the validation is not vacuous


def test_paths_sizes_and_digests_are_the_part_files(warehouse):
    published = published_files(warehouse)
    for table, resource in resources(warehouse).items():
        files = part_files(warehouse, table)
        assert resource["path"] == [path.relative_to(warehouse).as_posix() for path in files]
        assert all(path.startswith(f"{table}/part-") for path in resource["path"])  # through the link
        assert [part["path"] for part in resource["parts"]] == resource["path"]
        for part, path in zip(resource["parts"], files):
            data = path.read_bytes()
            assert part["bytes"] == len(data)
            assert part["hash"] == f"sha256:{hashlib.sha256(data).hexdigest()}" == f"sha256:{published[part['path']]}"
        assert resource["bytes"] == sum(path.stat().st_size for path in files)
        assert resource.get("hash") == (resource["parts"][0]["hash"] if len(files) == 1 else None)
    assert len(resources(warehouse)["figures"]["path"]) == 2  # the seed and its copy: a multipart resource


def test_every_row_conforms_to_its_table_schema(warehouse):
    package = descriptor(warehouse)
    rows = {resource["name"]: inline_rows(warehouse, resource) for resource in package["resources"]}
    report = package_with_data(package, rows).validate()
    assert report.valid, [(task.name, error.message) for task in report.tasks for error in task.errors][:20]
    counted = {task.name: task.stats.get("rows", 0) for task in report.tasks}
    assert counted == {table: len(read(table, warehouse)) for table in TABLES}
    assert counted["figures"] == 2 * 29


def test_frictionless_reports_rows_that_break_the_keys_and_constraints(warehouse):
    package = descriptor(warehouse)
    rows = {resource["name"]: inline_rows(warehouse, resource) for resource in package["resources"]}
    header = rows["figures"][0]
    rows["figures"][1][header.index("article_id")] = "not-an-article"
    rows["figures"][2][header.index("figure_id")] = rows["figures"][3][header.index("figure_id")]
    rows["figures"][4][header.index("kind")] = "guess"
    rows["figures"][5][header.index("period_start")] = "2022-01-01T00:00:00"
    report = package_with_data(package, rows).validate()
    errors = {(task.name, error.type) for task in report.tasks for error in task.errors}
    assert {("figures", "foreign-key"), ("figures", "primary-key"), ("figures", "constraint-error"),
            ("figures", "type-error")} <= errors


def test_keys_units_and_types_are_declared(warehouse):
    declared = resources(warehouse)
    to_articles = {"fields": ["article_id"], "reference": {"resource": "articles", "fields": ["article_id"]}}
    for table in ("figures", "observations", "claim_checks"):
        assert to_articles in declared[table]["schema"]["foreignKeys"]
    assert {"fields": ["figure_id"], "reference": {"resource": "figures", "fields": ["figure_id"]}} in \
        declared["claim_checks"]["schema"]["foreignKeys"]
    for table, model in TABLES.items():
        assert declared[table]["schema"]["primaryKey"] == list(model.Config.unique)
        schema, typed = arrow_schema(model, table), fields(warehouse, table)
        assert list(typed) == schema.names
        for name, column in model.to_schema().columns.items():
            field = typed[name]
            assert field["title"] == column.title and field["description"].startswith(column.description)
            assert field.get("unit") == (column.metadata or {}).get("unit")
            assert field.get("constraints", {}).get("required", False) == (not column.nullable)
            if pa.types.is_date32(schema.field(name).type):
                assert field["type"] == "date"
    assert fields(warehouse, "observations")["period_start"]["type"] == "date"
    assert fields(warehouse, "articles")["published_date"]["type"] == "date"
    assert fields(warehouse, "figures")["char_start"]["unit"] == "characters"
    assert fields(warehouse, "claim_checks")["relative_error"]["unit"] == "ratio"
    figure_ids = fields(warehouse, "observations")["figure_ids"]
    assert figure_ids["type"] == "array" and figure_ids["arrayItem"] == {"type": "string"}
    assert "figures.figure_id" in figure_ids["description"] and "foreign keys cannot" in figure_ids["description"]
    assert fields(warehouse, "conflicts")["values"]["arrayItem"] == {"type": "number"}
    assert fields(warehouse, "figures")["kind"]["constraints"]["enum"][0] == "count"


def test_array_keys_hold_in_the_data(warehouse):
    """The keys frictionless cannot check (array items), checked by SQL over the part files."""
    for table, model in TABLES.items():
        for name, column in model.to_schema().columns.items():
            target = (column.metadata or {}).get("references")
            if not target or (column.metadata or {}).get("arrow") is None:
                continue
            other, key = target.split(".")
            items, keys = reader_glob(warehouse, table), reader_glob(warehouse, other)
            missing = duckdb.sql(f"""
                SELECT count(*) FROM (SELECT unnest({name}) AS item FROM read_parquet('{items}'))
                WHERE item NOT IN (SELECT {key} FROM read_parquet('{keys}'))""").fetchall()
            assert missing == [(0,)], (table, name)


def test_sources_are_the_article_sidecars(warehouse):
    assert descriptor(warehouse)["sources"] == [
        {"article_id": SEED, "title": "Rising Cases of Stalking Crimes Prompt Calls for Increased Police Protection",
         "publisher": "Korea Bizwire", "published_date": "2023-09-12"},
        {"article_id": COPY, "title": COPY_SIDECAR["title"], "path": COPY_SIDECAR["source_url"],
         "publisher": "Korea Bizwire", "published_date": "2023-09-12", "retrieved_at": "2024-01-02T03:04:05Z",
         "license": "CC-BY-4.0"},
    ]


def test_each_source_is_one_line(warehouse):
    text = (warehouse / DATAPACKAGE).read_text(encoding="utf-8")
    lines = text.splitlines()
    start = lines.index(' "sources": [')
    assert [json.loads(line.strip().rstrip(",")) for line in lines[start + 1:start + 3]] == json.loads(text)["sources"]
    assert lines[start + 3] == " ],"


def test_rerun_and_dagster_write_the_same_bytes(warehouse):
    before = (warehouse / DATAPACKAGE).read_bytes()
    build_warehouse(warehouse.parent / "raw", warehouse, log=lambda _: None)
    assert (warehouse / DATAPACKAGE).read_bytes() == before
    (warehouse / DATAPACKAGE).unlink()
    roots = WarehouseRoots(raw_root=str(warehouse.parent / "raw"), warehouse_root=str(warehouse))
    assert dg.materialize([datapackage_asset], resources={"roots": roots}).success
    assert (warehouse / DATAPACKAGE).read_bytes() == before


def test_package_is_rebuilt_exactly_when_a_table_version_changes(tmp_path, monkeypatch):
    import shutil

    from pipeline.publish import package, publish
    from pipeline.publish.dataset import current_version

    copy_of = tmp_path / "warehouse"
    shutil.copytree(build_seed_warehouse(tmp_path / "seed", {}), copy_of, symlinks=True)
    with monkeypatch.context() as patched:  # current: the 24 MB-at-scale package is neither parsed nor built
        patched.setattr(package, "datapackage", lambda *args: pytest.fail("rebuilt an up-to-date package"))
        patched.setattr(package.json, "loads", lambda data, _loads=json.loads: _loads(data) if len(data) < 10_000
                        else pytest.fail("parsed the whole package"))
        package.write_datapackage(copy_of)
    derived = read("derived_metrics", copy_of)
    publish(derived.iloc[1:], "derived_metrics", copy_of)  # a new version of one table
    package.write_datapackage(copy_of)
    written = json.loads((copy_of / DATAPACKAGE).read_bytes())
    assert written["table_versions"]["derived_metrics"] == current_version(copy_of, "derived_metrics")
    assert written["resources"] != json.loads((tmp_path / "seed" / "warehouse" / DATAPACKAGE).read_bytes())["resources"]


def test_source_lines_are_each_articles_provenance_as_json_writes_it():
    import datetime as dt

    from schemas.datapackage import source_table

    articles = pa.table({
        "article_id": ["b-2", "a-1", "c-3"], "title": ["Caf\u00e9 \"prices\"\n", "", None],
        "source_url": ["https://example.org/b", None, ""], "publisher": pa.array(["Outlet", None, "Outlet"]).dictionary_encode(),
        "published_date": pa.array([dt.date(2023, 9, 12), None, dt.date(999, 1, 2)], pa.date32()),
        "retrieved_at": [None, "2024-01-02T03:04:05Z", None], "license": pa.array([None, "CC-BY-4.0", None]).dictionary_encode()})
    expected = [{"article_id": "a-1", "title": "a-1", "retrieved_at": "2024-01-02T03:04:05Z", "license": "CC-BY-4.0"},
                {"article_id": "b-2", "title": "Caf\u00e9 \"prices\"\n", "path": "https://example.org/b", "publisher": "Outlet",
                 "published_date": "2023-09-12"},
                {"article_id": "c-3", "title": "c-3", "publisher": "Outlet", "published_date": "0999-01-02"}]
    sources = source_table(articles)
    assert sources["line"].to_pylist() == [json.dumps(source, sort_keys=True, ensure_ascii=False) for source in expected]
    assert sources["article_id"].to_pylist() == [source["article_id"] for source in expected]


def test_sources_are_made_again_only_for_the_articles_parts_that_changed(tmp_path, monkeypatch):
    from pipeline.publish import package, publish
    from pipeline.publish.parquet import read_arrow
    from schemas.datapackage import source_table

    def source_lines(articles):
        return source_table(articles)["line"].to_pylist()

    warehouse = build_seed_warehouse(tmp_path, copies={COPY: {}})  # two articles, two parts
    made = []
    real = package.source_table
    monkeypatch.setattr(package, "source_table", lambda rows: made.append(rows["article_id"].to_pylist()) or real(rows))
    assert package._sources(warehouse) == source_lines(read_arrow("articles", warehouse))
    assert made == []  # the build wrote the package, and with it the lines of both parts
    articles = read("articles", warehouse)
    articles.loc[articles["article_id"] == COPY, "title"] = "A title of its own"
    publish(articles, "articles", warehouse)
    lines = package._sources(warehouse)
    assert made == [[COPY]] and lines == source_lines(read_arrow("articles", warehouse))
    titles = {source["article_id"]: source["title"] for source in map(json.loads, lines)}
    assert titles[COPY] == "A title of its own" and titles[SEED] != titles[COPY]
