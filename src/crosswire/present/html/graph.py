"""The source graph as inline SVG: who copies, relays or cites whom, and whom they quote.

Three columns read left to right the way one traces a claim back to its
origin: outlets (the articles read), the reports they relay or cite, the
claimants those reports quote. An arrow per relation, coloured by kind.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from crosswire.present.html.charts import Links
from crosswire.present.site_data import Record

EDGE_COLOURS = {"copies": "#b3261e", "relays": "#2f6f9f", "cites": "#7a4f9a", "quotes": "#8a8f94"}
_COLUMN_X = (190, 300, 480)
_COLUMN_TITLES = ("outlets read", "reports they relay or cite", "claimants quoted")
_ROW, _TOP = 26, 44


def source_graph_svg(graph: Record, links: Links) -> Markup:
    nodes: dict[str, Record] = graph["nodes"]
    if not graph["edges"]:
        return Markup('<p class="empty">No copying, relaying or citing was found for this event\u2019s articles.</p>')
    positions: dict[str, tuple[float, float]] = {}
    counts = [0, 0, 0]
    for key, node in sorted(nodes.items(), key=lambda item: (item[1]["column"], item[1]["label"].lower())):
        column = node["column"]
        positions[key] = (_COLUMN_X[column], _TOP + _ROW * counts[column])
        counts[column] += 1
    height = _TOP + _ROW * max(counts) + 20
    parts = [f'<svg class="source-graph" viewBox="0 0 720 {height}" width="720" height="{height}" role="img" '
             'aria-label="Source graph">']
    for column, title in enumerate(_COLUMN_TITLES):
        anchor = "end" if column == 0 else "start"
        parts.append(f'<text x="{_COLUMN_X[column]}" y="18" class="chart-category" text-anchor="{anchor}">{title}</text>')
    for source, target, kind in graph["edges"]:
        if source in positions and target in positions:
            parts.append(_edge(positions[source], positions[target], kind))
    for key, (x, y) in positions.items():
        parts.append(_node(nodes[key], x, y, links))
    parts.append("</svg>")
    legend = " ".join(f'<span class="legend legend-{kind}">{kind}</span>' for kind in EDGE_COLOURS)
    return Markup("".join(parts) + f'<p class="note">{legend}</p>')


def _edge(start: tuple[float, float], end: tuple[float, float], kind: str) -> str:
    (x1, y1), (x2, y2) = start, end
    colour = EDGE_COLOURS.get(kind, "#888")
    if x1 == x2:  # an outlet copying another outlet: a loop out to the right
        path = f"M{x1 + 6},{y1} C{x1 + 70},{y1} {x2 + 70},{y2} {x2 + 6},{y2}"
        head = (x2 + 8, y2)
    else:
        mid = (x1 + x2) / 2
        path = f"M{x1 + 6},{y1} C{mid},{y1} {mid},{y2} {x2 - 6},{y2}"
        head = (x2 - 8, y2)
    return (f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="1.6" stroke-opacity="0.8">'
            f'<title>{escape(kind)}</title></path>'
            f'<circle cx="{head[0]}" cy="{head[1]}" r="2.5" fill="{colour}"/>')


def _node(node: Record, x: float, y: float, links: Links) -> str:
    label = node["label"] if len(node["label"]) <= 34 else node["label"][:33] + "\u2026"
    anchor = "end" if node["column"] == 0 else "start"
    dx = -10 if node["column"] == 0 else 10
    text = (f'<circle cx="{x}" cy="{y}" r="5" fill="#fff" stroke="#2f4858" stroke-width="1.5"/>'
            f'<text x="{x + dx}" y="{y + 4}" class="graph-label" text-anchor="{anchor}" stroke="#fff" '
            f'stroke-width="3" paint-order="stroke">{escape(label)}</text>')
    title = f"<title>{escape(node['label'])}</title>"
    if node.get("article"):
        return f'<a href="{escape(links.article(node["article"]["id"]))}">{title}{text}</a>'
    return f"<g>{title}{text}</g>"
