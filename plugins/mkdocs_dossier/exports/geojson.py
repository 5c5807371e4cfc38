"""places.geojson: every located place as a GeoJSON feature."""

from __future__ import annotations

from typing import Any

from mkdocs_dossier.core.model import Dossier
from mkdocs_dossier.site.urls import page_url


def places_geojson(dossier: Dossier, directory_urls: bool = True) -> dict[str, Any]:
    """Every located place as a GeoJSON FeatureCollection; URLs relative to the site root."""
    features = []
    for ent in dossier.of_type("place"):
        loc = dossier.locations.get(ent.key)
        if loc is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": ent.key,
                "geometry": {"type": "Point", "coordinates": [loc.lon, loc.lat]},
                "properties": {
                    "id": ent.key,
                    "name": ent.title,
                    "kind": ent.kind or "other",
                    "precision": loc.precision,
                    "approximate": loc.approximate,
                    "provider": loc.provider,
                    "url": page_url(ent.key, directory_urls),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
