"""Open-data exports: dossier.json, FollowTheMoney, iCalendar, TimelineJS, GeoJSON.

Imports the core, safety and the site's URL and JSON helpers, never a host.
"""
