"""Builds the extractor's compiled twin with mypyc (`python -m pipeline.extract.native_build`, run by `make native`):
the modules pipeline.extract.native lists, type-checked by mypy with pyproject.toml's settings, compiled to C
and built into .build/native, which replaces the previous build only once it is complete. Does nothing when the
build is fresh; `--force` builds anyway."""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile

from pipeline.extract import native


def build() -> None:
    from mypyc.build import mypycify  # the build tools are needed here only, never to run the pipeline
    from setuptools import setup

    record = native.sources_record()  # of the sources as compiled, should they change meanwhile
    repo = native.PACKAGE.parents[1]
    native.BUILD.parent.mkdir(exist_ok=True)
    work = tempfile.mkdtemp(prefix="native-", dir=native.BUILD.parent)
    try:
        os.chdir(repo)  # mypy reads its settings from pyproject.toml here
        sources = [f"pipeline/extract/{name}.py" for name in native.COMPILED]
        modules = mypycify(sources, opt_level="3", group_name=native.GROUP, target_dir=f"{work}/c")
        setup(name="pipeline-extract-native", packages=[], py_modules=[], ext_modules=modules,
              script_args=["--quiet", "build_ext", "--build-lib", f"{work}/lib", "--build-temp", f"{work}/obj"])
        with open(f"{work}/lib/{native.RECORD.name}", "w", encoding="utf-8") as out:
            json.dump(record, out, indent=1, sort_keys=True)
        # swapped by two renames, never deleted in place: a process starting meanwhile finds either build whole,
        # or none and runs the sources
        if native.BUILD.exists():
            os.replace(native.BUILD, f"{work}/previous")
        os.replace(f"{work}/lib", native.BUILD)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    if "--force" not in sys.argv[1:] and native.build_is_fresh():
        print(f"{native.BUILD} is the build of the current sources")
        return
    build()
    print(f"built {len(native.COMPILED)} modules into {native.BUILD}")


if __name__ == "__main__":
    main()
