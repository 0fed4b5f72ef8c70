"""Run every benchmark module in this folder (each has `main(argv)`)."""

import importlib
import pkgutil
import sys
from pathlib import Path


def run_all(argv: list[str]) -> None:
    for module in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda item: item.name):
        if module.name.startswith("_"):
            continue
        print(f"== bench.{module.name}", flush=True)
        importlib.import_module(f"bench.{module.name}").main(argv)


if __name__ == "__main__":
    run_all(sys.argv[1:])
