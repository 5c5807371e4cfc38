"""The words the plugin writes, in the site's language: one gettext catalogue.

Messages are marked in Python with ``messages.N_`` (constants) or a
:class:`Language`'s ``gettext``/``ngettext``, and in templates with
``{{ _("...") }}`` and ``{% trans %}`` (``jinja2.ext.i18n``). Babel extracts
them (``babel.cfg``) into ``locale/dossier.pot``; each language has its
``locale/<lang>/LC_MESSAGES/dossier.po`` and the compiled ``.mo`` beside it
(tests/test_i18n.py checks both are current). A message with no
translation is written in English. Dates are formatted with Babel's CLDR
data: month names (and digits) as the locale writes them.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
from dataclasses import dataclass
from gettext import NullTranslations
from pathlib import Path
from typing import TYPE_CHECKING

import babel
from babel.dates import format_date
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from mkdocs_dossier.core import glossary

if TYPE_CHECKING:
    from mkdocs_dossier.core.model import PartialDate
    from mkdocs_dossier.core.timeline import Entry, Period, Year

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "dossier"
DEFAULT = "en"


def _locale_id(language: str) -> str:
    """``pt-BR`` or ``pt_BR`` as gettext and Babel name it (``pt_BR``)."""
    return language.replace("-", "_")


@functools.cache
def _translations(language: str) -> gettext.NullTranslations:
    try:
        return gettext.translation(DOMAIN, LOCALE_DIR, languages=[_locale_id(language)])
    except OSError:  # no catalogue: English
        return gettext.NullTranslations()


@functools.cache
def _babel_locale(language: str) -> babel.Locale:
    try:
        return babel.Locale.parse(_locale_id(language))
    except (ValueError, babel.UnknownLocaleError):
        return babel.Locale.parse(DEFAULT)


def languages() -> list[str]:
    """The languages the catalogue has a translation for (besides English)."""
    return sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))


@dataclass(frozen=True)
class Language:
    """The site's language: its messages and its way of writing dates."""

    code: str = DEFAULT

    def gettext(self, message: str) -> str:
        return _translations(self.code).gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _translations(self.code).ngettext(singular, plural, n)

    @property
    def translations(self) -> NullTranslations:
        """For ``jinja2.ext.i18n``'s ``install_gettext_translations``."""
        return _translations(self.code)

    def partial(self, date: PartialDate) -> str:
        """A :class:`PartialDate` as the site's language writes it."""
        return self.date(date.year, date.month, date.day)

    def period(self, period: Period | Year) -> str:
        """A timeline heading: a year, a month, a year whose months are not known."""
        _ = self.gettext
        if period.year is None:
            return _(glossary.UNDATED)
        if not hasattr(period, "month"):  # a Year
            return str(period.year)
        month: int | None = getattr(period, "month", None)
        if month is None:
            return _(glossary.YEAR_MONTH_NOT_KNOWN).format(year=period.year)
        return self.date(period.year, month)

    def entry(self, entry: Entry) -> str:
        """A timeline line's date, with its end if it has one."""
        if entry.date is None:
            return self.gettext(glossary.UNDATED)
        text = self.partial(entry.date)
        if entry.end and entry.end != entry.date:
            text = f"{text} – {self.partial(entry.end)}"
        return text

    def date(self, year: int, month: int | None = None, day: int | None = None) -> str:
        """A full or partial date: ``16 November 2017``, ``November 2017``, ``2017``."""
        if month is None:
            return str(year)
        locale = _babel_locale(self.code)
        when = dt.date(year, month, day or 1)
        # Day, month name, year in that order for every language, as the
        # site's English always wrote it; CLDR gives the month names.
        return format_date(when, "MMMM y" if day is None else "d MMMM y", locale=locale)


def untranslated(language: str) -> list[str]:
    """The messages the catalogue has no translation of for ``language`` (none for English)."""
    code = _locale_id(language)
    if code.split("_")[0] == DEFAULT:
        return []
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("rb") as f:
        wanted = [m.id for m in read_po(f) if m.id]
    ids = [m if isinstance(m, str) else m[0] for m in wanted]
    for candidate in (code, code.split("_")[0]):
        path = LOCALE_DIR / candidate / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if path.exists():
            break
    else:
        return ids
    with path.open("rb") as f:
        have = read_mo(f)
    out = []
    for mid, shown in zip(wanted, ids, strict=True):
        found = have.get(mid)
        strings = found.string if found else ""
        if not strings or (isinstance(strings, tuple | list) and not all(strings)):
            out.append(shown)
    return out
