"""Build the web UI's offline basemap: src/watchfloor/views/common/data/countries.json.

    pip install pyshp                      # or: pip install -e '.[build-data]'
    python scripts/build_basemap.py        # downloads the pinned wheel with `pip download`
    python scripts/build_basemap.py --wheel geopandas-0.14.4-py3-none-any.whl

Source: Natural Earth 1:110m admin-0 countries (public domain, "Made with
Natural Earth", https://www.naturalearthdata.com/), as shipped in the
geopandas 0.14.4 wheel on PyPI (geopandas/datasets/naturalearth_lowres/*.shp).
The wheel is pinned by its SHA-256, so the output is the same on every run.

Output: one compact JSON object, {"source", "attribution", "precision",
"countries": [{"name", "iso_a3", "bbox": [w, s, e, n], "rings": [[[lon, lat],
...], ...]}]}. Coordinates are rounded to PRECISION decimal places (0.1 degree,
about 11 km, finer than a 110m map needs), consecutive duplicates dropped, and
rings that collapse to fewer than 4 points removed. Nothing is fetched at run
time: watchfloor reads this file from its package.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import itertools
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import shapefile  # pyshp: only needed to build the data, not at run time

WHEEL = "geopandas-0.14.4-py3-none-any.whl"
WHEEL_SHA256 = "3bb6473cb59d51e1a7fe2dbc24a1a063fb0ebdeddf3ce08ddbf8c7ddc99689aa"
MEMBER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
PRECISION = 1  # decimal places of a degree
OUT = Path(__file__).resolve().parents[1] / "src/watchfloor/views/common/data/countries.json"
ATTRIBUTION = "Made with Natural Earth (public domain), 1:110m admin-0 countries"


def fetch_wheel(dest: Path) -> Path:
    """``pip download`` the pinned geopandas wheel (no dependencies) into ``dest``."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "geopandas==0.14.4",
            "-d",
            str(dest),
        ],
        check=True,
    )
    return dest / WHEEL


def ring_points(points: list[tuple[float, float]]) -> list[list[float]]:
    """The ring rounded to PRECISION, without consecutive duplicates, closed."""
    out: list[list[float]] = []
    for lon, lat in points:
        p = [round(lon, PRECISION), round(lat, PRECISION)]
        if not out or out[-1] != p:
            out.append(p)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def build(wheel: Path) -> dict[str, object]:
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{wheel}: sha256 {digest} is not the pinned {WHEEL_SHA256}")
    with zipfile.ZipFile(wheel) as zf:
        parts = {ext: io.BytesIO(zf.read(f"{MEMBER}.{ext}")) for ext in ("shp", "shx", "dbf")}
        # The .cpg names the .dbf's code page ("ISO-8859-1" here: "C\xf4te d'Ivoire").
        encoding = zf.read(f"{MEMBER}.cpg").decode("ascii").strip() or "utf-8"
    reader = shapefile.Reader(
        shp=parts["shp"], shx=parts["shx"], dbf=parts["dbf"], encoding=encoding
    )
    countries = []
    for rec in reader.iterShapeRecords():
        shape = rec.shape
        bounds = [*shape.parts, len(shape.points)]
        rings = []
        for start, end in itertools.pairwise(bounds):
            ring = ring_points([(x, y) for x, y in shape.points[start:end]])
            if len(ring) >= 4:
                rings.append(ring)
        if not rings:
            continue
        lons = [p[0] for r in rings for p in r]
        lats = [p[1] for r in rings for p in r]
        countries.append(
            {
                "name": rec.record["name"],
                "iso_a3": rec.record["iso_a3"],
                "bbox": [min(lons), min(lats), max(lons), max(lats)],
                "rings": rings,
            }
        )
    countries.sort(key=lambda c: str(c["name"]))
    return {
        "source": f"Natural Earth 1:110m admin-0 countries, from {WHEEL} (sha256 {WHEEL_SHA256})",
        "attribution": ATTRIBUTION,
        "precision": PRECISION,
        "countries": countries,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--wheel", type=Path, help=f"a local {WHEEL} (else pip downloads it)")
    parser.add_argument("--out", type=Path, default=OUT, help="where the JSON goes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or fetch_wheel(Path(tmp))
        data = build(wheel)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n"
    args.out.write_text(text, encoding="utf-8")
    countries: list[dict[str, Any]] = data["countries"]  # type: ignore[assignment]
    points = sum(len(r) for c in countries for r in c["rings"])
    print(f"{args.out}: {len(countries)} countries, {points} points, {len(text)} bytes")


if __name__ == "__main__":
    main()
