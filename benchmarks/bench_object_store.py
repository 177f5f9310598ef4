"""The cost of keeping the warehouse on S3: builds an archive (the seed and the test corpus, each article
COPIES times under new ids) locally and into moto's S3 server on loopback, then counts the HTTP requests
by method and the objects and bytes moved for: the first build, a rerun, a rerun from an empty working copy
(a new machine), and one changed article. Wall times are printed too (this machine is shared; take them
as rough). Usage: .venv/bin/python benchmarks/bench_object_store.py [COPIES]"""
from __future__ import annotations

import collections
import logging
import os
import pathlib
import re
import shutil
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


class Requests(logging.Handler):
    """Counts the requests moto's server logs, by method."""

    LINE = re.compile(r'"(?:\x1b\[[0-9;]*m)*([A-Z]+) ')

    def __init__(self):
        super().__init__()
        self.counts: collections.Counter[str] = collections.Counter()

    def emit(self, record: logging.LogRecord) -> None:
        match = self.LINE.search(record.getMessage())
        if match:
            self.counts[match.group(1)] += 1

    def take(self) -> dict[str, int]:
        counts, self.counts = dict(sorted(self.counts.items())), collections.Counter()
        return counts


def archive(folder: pathlib.Path, copies: int) -> pathlib.Path:
    articles = folder / "articles"
    articles.mkdir(parents=True)
    sources = sorted((REPO / "raw" / "articles").glob("*.txt")) + sorted((REPO / "tests" / "corpus").glob("*.txt"))
    for copy in range(copies):
        for text in sources:
            name = text.stem if copy == 0 else f"{text.stem}-copy-{copy}"
            shutil.copy(text, articles / f"{name}.txt")
            sidecar = text.with_suffix(".json")
            if sidecar.parent == REPO / "raw" / "articles" and sidecar.is_file():  # the corpus's .json are gold labels
                shutil.copy(sidecar, articles / f"{name}.json")
    return folder


def main(copies: int) -> None:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="bench-s3-"))
    os.environ.update({"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1",
                       "AWS_ENDPOINT_URL": f"http://{host}:{port}", "AWS_EC2_METADATA_DISABLED": "true",
                       "PIPELINE_CACHE": str(scratch / "cache")})
    requests = Requests()
    logging.getLogger("werkzeug").addHandler(requests)
    logging.getLogger("werkzeug").setLevel(logging.INFO)
    logging.getLogger("werkzeug").propagate = False

    import boto3

    from pipeline.build import build_warehouse
    from pipeline.publish.object_store import Remote, working_copy

    calls: collections.Counter[str] = collections.Counter()
    for method in ("upload", "copy", "download"):  # which PUTs carry bytes, which are copies inside the store
        def counted(self, *args, _method=method, _original=getattr(Remote, method)):
            calls[_method] += 1
            return _original(self, *args)
        setattr(Remote, method, counted)

    client = boto3.client("s3")
    client.create_bucket(Bucket="bench")
    requests.take()
    raw, root = archive(scratch / "raw", copies), "s3://bench/wh"
    quiet = lambda message: None

    def stored() -> tuple[int, int]:
        objects = [entry for page in client.get_paginator("list_objects_v2").paginate(Bucket="bench")
                   for entry in page.get("Contents", [])]
        requests.take()
        return len(objects), sum(entry["Size"] for entry in objects)

    def step(label: str, warehouse) -> None:
        started = time.perf_counter()
        build_warehouse(raw, warehouse, log=quiet)
        seconds = time.perf_counter() - started
        counts, moved = requests.take(), dict(sorted(calls.items()))
        calls.clear()
        objects, size = stored()
        print(f"| {label} | {seconds:.2f} | {sum(counts.values())} | "
              f"{', '.join(f'{method} {count}' for method, count in counts.items()) or '-'} | "
              f"{', '.join(f'{kind} {count}' for kind, count in moved.items()) or '-'} | {objects} | {size:,} |")

    articles = len(list((raw / "articles").glob("*.txt")))
    print(f"{articles} articles; moto {host}:{port}\n")
    print("| step | seconds | requests | by method | objects moved | objects in bucket | bytes in bucket |")
    print("|---|---|---|---|---|---|---|")
    step("local build (no S3)", scratch / "local")
    step("first build on S3", root)
    step("rerun", root)
    shutil.rmtree(working_copy(root))
    step("rerun from an empty working copy", root)
    text = raw / "articles" / "2023-09-12-koreabizwire-stalking-protection.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("7,091", "7,095"), encoding="utf-8")
    step("one article changed", root)
    server.stop()
    shutil.rmtree(scratch)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 4)
