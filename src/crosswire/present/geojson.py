"""Events as GeoJSON (RFC 7946): one Point feature per event with a place.

Coordinates are [longitude, latitude] as the RFC wants (not lat, lon).
Events whose place could not be resolved to coordinates have no geometry to
draw; they are left out of `features` and counted in the collection's
`crosswire` member, so a map user knows what is missing.
"""

from __future__ import annotations

from typing import Any

from crosswire.present.event_views import EventView

Record = dict[str, Any]


def event_features(views: list[EventView]) -> Record:
    """A FeatureCollection of the events in `views` that have coordinates."""
    features = [feature for feature in (_feature(view) for view in views) if feature is not None]
    return {
        "type": "FeatureCollection",
        "features": features,
        "crosswire": {"events": len(views), "events_without_coordinates": len(views) - len(features)},
    }


def _feature(view: EventView) -> Record | None:
    event = view.event
    location: Record = event.get("location") or {}
    lat, lon = location.get("lat"), location.get("lon")
    if lat is None or lon is None:
        return None
    figures: Record = event.get("figures") or {}
    killed: Record = figures.get("killed") or {}
    properties = {
        "event_id": event["id"],
        "type": event.get("type"),
        "sub_event": event.get("sub_event"),
        "date": event.get("date"),
        "date_precision": event.get("date_precision"),
        "place": location.get("name"),
        "admin1": location.get("admin1"),
        "country": location.get("country"),
        "actors": event.get("actors", []),
        "figures": figures,
        # Flat copies for map styling tools that cannot read nested objects.
        "killed_low": killed.get("low"),
        "killed_best": killed.get("best"),
        "killed_high": killed.get("high"),
        "corroboration": event.get("corroboration"),
        "article_ids": event.get("article_ids", []),
        "outlets": list(view.outlets),
        "titles": list(view.titles),
    }
    return {
        "type": "Feature",
        "id": event["id"],
        "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
        "properties": properties,
    }
