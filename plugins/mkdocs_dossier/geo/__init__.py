"""Geography: where places are (annotation, lock file, gazetteer, online) and what is near.

Imports only :mod:`mkdocs_dossier.core`.
"""
