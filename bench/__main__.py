"""Run every benchmark module in this folder in turn (`make bench`)."""

import importlib
import pkgutil
from pathlib import Path

for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
    if not module.name.startswith("_"):
        importlib.import_module(f"bench.{module.name}").main()
