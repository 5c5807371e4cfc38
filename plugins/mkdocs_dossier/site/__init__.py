"""The site: pages (Markdown through Jinja), their sections, maps, graph drawings,
URLs and the markers that carry big HTML past Markdown.

Imports the core, geography, safety and the pipeline, never a host.
"""
