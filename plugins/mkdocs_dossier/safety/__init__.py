"""Editorial safety: embargoes, pseudonyms for protected people, the leak scan and
the neutralising of editors' Markdown.

Imports only :mod:`mkdocs_dossier.core`.
"""
