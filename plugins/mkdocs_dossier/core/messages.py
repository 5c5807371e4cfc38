"""The marker of translatable constants, apart from :mod:`i18n` so any module may use it."""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark a constant for extraction (``pybabel extract -k N_``); translated where written out."""
    return message
