"""A locator map as inline SVG, drawn offline from Natural Earth country outlines.

The outlines are world-atlas 2.0.2's countries-50m.json (Natural Earth 4.1.0,
public domain; TopoJSON packaging ISC, see static/WORLD-ATLAS-LICENSE),
vendored so pages need no network. Countries are clipped to the view box so
the SVG stays a few kilobytes whatever the country's size.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Sequence

from markupsafe import Markup, escape

Point = tuple[float, float]  # (lon, lat)
Ring = list[Point]
Box = tuple[float, float, float, float]  # west, south, east, north


@lru_cache(maxsize=1)
def _countries() -> list[tuple[str, list[tuple[Box, Ring]]]]:
    """(name, outer and inner rings) per country, decoded from the TopoJSON once."""
    raw = resources.files("crosswire.present.html").joinpath("static/countries-50m.json").read_text(encoding="utf-8")
    topology: dict[str, Any] = json.loads(raw)
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        x = y = 0
        points: Ring = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs") or []
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        rings = [(_bounds(r), r) for r in (_ring(arcs, ring) for polygon in polygons for ring in polygon)]
        countries.append((str((geometry.get("properties") or {}).get("name", "")), rings))
    return countries


def _bounds(ring: Ring) -> Box:
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    return (min(lons), min(lats), max(lons), max(lats))


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def preload_outlines() -> None:
    """Decode the country outlines now (about half a second) rather than on the first map."""
    _countries()


def _ring(arcs: list[Ring], indexes: list[int]) -> Ring:
    ring: Ring = []
    for index in indexes:
        points = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(points[1:] if ring else points)
    return ring


def view_box(points: Sequence[Point], *, min_lon_span: float = 9.0, min_lat_span: float = 6.5) -> Box:
    """A box around the points, at least about Syria's size so a lone dot has context."""
    if not points:
        return (35.0, 31.5, 43.0, 37.8)  # Syria and its borders: the corpus's home ground
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    mid_lon, mid_lat = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    lon_span = max(min_lon_span, (max(lons) - min(lons)) * 1.3)
    lat_span = max(min_lat_span, (max(lats) - min(lats)) * 1.3)
    return (mid_lon - lon_span / 2, mid_lat - lat_span / 2, mid_lon + lon_span / 2, mid_lat + lat_span / 2)


def locator_map(points: Sequence[tuple[float, float, str, bool]], *, width: int = 320, title: str = "Map") -> Markup:
    """An SVG map: country outlines, and a dot per (lon, lat, label, highlighted)."""
    box = view_box([(lon, lat) for lon, lat, _, _ in points])
    west, south, east, north = box
    x_scale = width / ((east - west) * math.cos(math.radians((north + south) / 2)))
    height = int((north - south) * x_scale)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return ((lon - west) * x_scale * math.cos(math.radians((north + south) / 2)), (north - lat) * x_scale)

    parts = [
        f'<svg class="map" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<rect width="{width}" height="{height}" fill="#dfe9f2"/>',
    ]
    labels = []
    for name, rings in _countries():
        clipped = [r for r in (_clip(ring, box) for bounds, ring in rings if _overlaps(bounds, box)) if len(r) > 2]
        if not clipped:
            continue
        path = " ".join(_path(ring, project) for ring in clipped)
        parts.append(f'<path d="{path}" fill="#f4f1ea" stroke="#9a9389" stroke-width="0.7" fill-rule="evenodd"/>')
        biggest = max(clipped, key=lambda r: _bounds(r)[2] - _bounds(r)[0])
        west_edge, _, east_edge, _ = _bounds(biggest)
        if (east_edge - west_edge) > 0.22 * (east - west):
            labels.append((name, _centre(biggest)))
    for name, (lon, lat) in labels:
        x, y = project(lon, lat)
        if 20 < x < width - 20 and 10 < y < height - 6:
            parts.append(f'<text x="{x:.0f}" y="{y:.0f}" class="map-country" text-anchor="middle">{escape(name)}</text>')
    for lon, lat, label, highlighted in points:
        x, y = project(lon, lat)
        radius, colour = (6, "#b3261e") if highlighted else (4, "#4a5a6a")
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{colour}" stroke="#fff" stroke-width="1.5">'
            f"<title>{escape(label)}</title></circle>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _path(ring: Ring, project: Callable[[float, float], tuple[float, float]]) -> str:
    """The ring in whole pixels, repeated pixels dropped: a third of the bytes, no visible change."""
    pixels: list[str] = []
    for lon, lat in ring:
        x, y = project(lon, lat)
        pixel = f"{x:.0f},{y:.0f}"
        if not pixels or pixels[-1] != pixel:
            pixels.append(pixel)
    return "M" + "L".join(pixels) + "Z"


def _centre(ring: Ring) -> Point:
    return (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))


def _clip(ring: Ring, box: Box) -> Ring:
    """Sutherland-Hodgman clipping of a ring to the box (fills stay right at the edges)."""
    west, south, east, north = box
    edges: tuple[tuple[Callable[[Point], bool], Callable[[Point, Point], Point]], ...] = (
        (lambda p: p[0] >= west, lambda a, b: _cross_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _cross_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _cross_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _cross_y(a, b, north)),
    )
    output = ring
    for inside, cross in edges:
        points, output = output, []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current):
                if not inside(previous):
                    output.append(cross(previous, current))
                output.append(current)
            elif inside(previous):
                output.append(cross(previous, current))
        if not output:
            return []
    return output


def _cross_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)
