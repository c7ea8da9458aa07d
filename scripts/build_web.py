"""Vendor the web pages' JavaScript libraries: src/watchfloor/views/web/pages/static/vendor/.

    python scripts/build_web.py            # npm ci in web/, then copy the dist files
    python scripts/build_web.py --check    # the same, and fail if the committed files differ

The libraries are pinned in web/package.json and web/package-lock.json (npm's
integrity hashes): Leaflet 1.9.4 (BSD-2-Clause) and leaflet.markercluster
1.5.3 (MIT). ``npm ci --ignore-scripts`` installs exactly the locked tarballs
(no install scripts run), and the files below are copied byte for byte with
their licences, so a fresh ``pip install`` serves them offline and a second
run reproduces them exactly. Nothing is fetched at run time: no CDN.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "web"
OUT = ROOT / "src/watchfloor/views/web/pages/static/vendor"
# (package, file in the package) -> file in OUT
FILES = {
    ("leaflet", "dist/leaflet.js"): "leaflet.js",
    ("leaflet", "dist/leaflet.css"): "leaflet.css",
    ("leaflet", "LICENSE"): "leaflet.LICENSE.txt",
    ("leaflet.markercluster", "dist/leaflet.markercluster.js"): "leaflet.markercluster.js",
    ("leaflet.markercluster", "dist/MarkerCluster.css"): "MarkerCluster.css",
    ("leaflet.markercluster", "MIT-LICENCE.txt"): "leaflet.markercluster.LICENSE.txt",
}


def build(out: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("build_web: npm is missing (Node.js 20 with npm is needed to build)")
    subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=WEB, check=True)
    out.mkdir(parents=True, exist_ok=True)
    for (package, member), name in FILES.items():
        shutil.copyfile(WEB / "node_modules" / package / member, out / name)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if the vendored files differ")
    args = ap.parse_args()
    if not args.check:
        build(OUT)
        print(f"build_web: {len(FILES)} files in {OUT.relative_to(ROOT)}")
        return
    scratch = WEB / "node_modules" / ".check"
    build(scratch)
    differ = [n for n in FILES.values() if not filecmp.cmp(scratch / n, OUT / n, shallow=False)]
    shutil.rmtree(scratch)
    if differ:
        sys.exit(f"build_web: vendored files differ from the locked build: {differ}")
    print("build_web: the vendored files are the locked build, byte for byte")


if __name__ == "__main__":
    main()
