"""Editorial safety: embargoes, pseudonyms for protected people, the leak scan and
the allow-list HTML sanitiser for what editors' Markdown becomes.

Imports only :mod:`mkdocs_dossier.core`.
"""
