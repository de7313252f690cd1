#!/usr/bin/env python3
"""Copy the front-end files named in package.json ("vocweek" → "vendor") out of node_modules.

Each entry maps a file name under vocweek/static/vendor/ to a path inside node_modules, so adding
a library is one line in "dependencies" and one line here, e.g.
    "echarts.min.js": "echarts/dist/echarts.min.js"
Run after `npm ci`; the copies are git-ignored and collected by `vocweek collectstatic`.
"""

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR_DIR = ROOT / "vocweek" / "static" / "vendor"


def main() -> int:
    vendor = json.loads((ROOT / "package.json").read_text())["vocweek"]["vendor"]
    missing = [source for source in vendor.values() if not (NODE_MODULES / source).is_file()]
    if missing:
        print(
            f"vendor_assets: not in node_modules (run npm ci): {', '.join(missing)}",
            file=sys.stderr,
        )
        return 1
    VENDOR_DIR.mkdir(parents=True, exist_ok=True)
    for target, source in vendor.items():
        destination = VENDOR_DIR / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(NODE_MODULES / source, destination)
    print(f"vendor_assets: {len(vendor)} file(s) in {VENDOR_DIR.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
