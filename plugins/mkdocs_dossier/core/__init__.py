"""The core: plain data and domain steps, no MkDocs and no HTML.

Errors, the model, the annotation schema, loading sources, resolution, mention
matching and the indexes of relations and timelines. Imports nothing else of
the package.
"""
