"""Names in an article's text, found by rules that need no model.

News copy capitalises names and puts a title or a role next to a person:
"Prime Minister Hun Sen", "commune leader Srey Ann", "W. Patrick Murphy,
Deputy Assistant Secretary of State". The recogniser takes runs of
capitalised words (with initials, acronyms and the connectors of "United
States Mission to ASEAN"), drops a common word that only starts a sentence,
and types each run by what it holds or stands next to: a title before it or
after a comma (person), an organisation or party word (organisation, party),
a place word after it ("Kampot province") or the gazetteer (place), an
acronym (organisation, or the alias it was defined as: "Party (CNRP)"). A
run of two or three name-shaped words with nothing else to go by is taken
for a person, as in most news copy.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from mkdocs_dossier.core.model import slugify

#: Words that make a title when capitalised before a name.
TITLES = frozenset(
    [
        "President",
        "Vice",
        "Prime",
        "Minister",
        "Ministers",
        "Senator",
        "Senators",
        "Secretary",
        "Deputy",
        "Assistant",
        "Director",
        "Chief",
        "Governor",
        "Ambassador",
        "Spokesman",
        "Spokeswoman",
        "Judge",
        "Justice",
        "Mayor",
        "King",
        "Queen",
        "Prince",
        "Princess",
        "Chairman",
        "Chairwoman",
        "Chair",
        "General",
        "Commander",
        "Colonel",
        "Lieutenant",
        "Captain",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Prof",
        "Professor",
        "Representative",
        "Congressman",
        "Congresswoman",
        "Speaker",
        "Premier",
        "Chancellor",
        "Foreign",
        "Interior",
        "Defense",
        "Defence",
        "Justice",
        "Finance",
        "Opposition",
        "Leader",
        "Head",
        "Officer",
        "Samdech",
        "Lok",
        "Oknha",
        "Excellency",
        "Bishop",
        "Pope",
        "Sheikh",
        "Emperor",
        "Sultan",
        "Attorney",
        "Commissioner",
        "Inspector",
        "Sergeant",
        "Officer",
        "Councillor",
        "Councilor",
        "Envoy",
    ]
)
#: Lower-case words that end a role written before a name: "commune leader".
ROLE_NOUNS = frozenset(
    [
        "chief",
        "leader",
        "member",
        "assistant",
        "officer",
        "official",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "director",
        "minister",
        "president",
        "senator",
        "governor",
        "secretary",
        "head",
        "deputy",
        "commander",
        "judge",
        "lawyer",
        "activist",
        "journalist",
        "reporter",
        "monk",
        "teacher",
        "farmer",
        "chairman",
        "chairwoman",
        "founder",
        "lawmaker",
        "legislator",
        "ambassador",
        "envoy",
        "mayor",
        "councillor",
        "councilor",
        "analyst",
        "researcher",
        "worker",
        "resident",
        "villager",
        "candidate",
        "prosecutor",
        "investigator",
        "owner",
        "manager",
        "adviser",
        "advisor",
        "professor",
        "student",
    ]
)
ORG_WORDS = frozenset(
    [
        "Department",
        "Ministry",
        "Court",
        "Mission",
        "Service",
        "Summit",
        "Council",
        "Committee",
        "Commission",
        "Agency",
        "Office",
        "Bank",
        "Association",
        "Union",
        "University",
        "Embassy",
        "Police",
        "Army",
        "Navy",
        "Assembly",
        "Parliament",
        "Senate",
        "Organization",
        "Organisation",
        "Institute",
        "Foundation",
        "Group",
        "Company",
        "Corporation",
        "Corp",
        "Inc",
        "Ltd",
        "Radio",
        "News",
        "Times",
        "Post",
        "Front",
        "Movement",
        "Federation",
        "Authority",
        "Bureau",
        "Tribunal",
        "Board",
        "Network",
        "Centre",
        "Center",
        "Society",
        "League",
        "Alliance",
        "Coalition",
        "Forum",
        "Fund",
        "Watch",
        "International",
        "Nations",
        "Union",
        "Unit",
        "Force",
        "Forces",
        "Guard",
        "Academy",
        "School",
        "College",
        "Hospital",
        "Club",
        "Press",
        "Agency",
        "Television",
        "TV",
        "Channel",
        "Daily",
        "Herald",
        "Journal",
        "Party",
        "Parties",
        "Congress",
        "Cabinet",
        "Government",
    ]
)
PARTY_WORDS = frozenset({"Party"})
#: Words after a name that say what kind of place it is, and the kind.
PLACE_WORDS = {
    "province": "province",
    "district": "district",
    "commune": "commune",
    "town": "town",
    "city": "city",
    "village": "village",
    "region": "region",
    "municipality": "city",
}
CONNECTORS = frozenset({"of", "to", "for", "the", "de", "da", "van", "von", "bin", "al"})
#: Capitalised words that are no names on their own.
COMMON = frozenset(
    [
        "The",
        "A",
        "An",
        "On",
        "In",
        "At",
        "Also",
        "But",
        "And",
        "Or",
        "If",
        "As",
        "By",
        "For",
        "From",
        "With",
        "Without",
        "After",
        "Before",
        "During",
        "While",
        "When",
        "Where",
        "Who",
        "What",
        "Which",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "Its",
        "He",
        "She",
        "They",
        "We",
        "I",
        "You",
        "His",
        "Her",
        "Their",
        "Our",
        "My",
        "Your",
        "There",
        "Here",
        "Meanwhile",
        "However",
        "Although",
        "Though",
        "Because",
        "Since",
        "Until",
        "Yet",
        "So",
        "Not",
        "No",
        "Yes",
        "Some",
        "Many",
        "Most",
        "Few",
        "All",
        "Both",
        "Each",
        "Every",
        "Other",
        "Another",
        "One",
        "Two",
        "Three",
        "Four",
        "Five",
        "Mr",
        "Mrs",
        "Ms",
        "Today",
        "Yesterday",
        "Tomorrow",
        "Reported",
        "Translated",
        "Written",
        "Edited",
        "Photo",
        "Photos",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
        "According",
        "Asked",
        "Speaking",
        "Meeting",
        "Officials",
        "Authorities",
        "Sources",
        "Police",
        "People",
        "Opposition",
        "Government",
        "Detained",
        "Protesters",
        "Supporters",
        "Members",
        "Residents",
        "Villagers",
    ]
)
_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}|[A-Z]\.(?= [A-Z])|[A-Za-zÀ-ÖØ-öø-ÿ0-9][\w\-]*(?:[’'][sS]\b|[’'][A-Za-z]+)?"
    r"|\S"
)
_POSSESSIVE = re.compile(r"[’']s$")


@dataclass
class Token:
    text: str
    start: int
    end: int

    @property
    def bare(self) -> str:
        return _POSSESSIVE.sub("", self.text)

    @property
    def possessive(self) -> bool:
        return bool(_POSSESSIVE.search(self.text))

    @property
    def capital(self) -> bool:
        return self.text[:1].isupper() and any(c.isalpha() for c in self.text)

    @property
    def acronym(self) -> bool:
        letters = self.bare.replace(".", "")
        return len(letters) >= 2 and letters.isalpha() and letters.isupper()


@dataclass
class Found:
    """One name the recogniser found: its type, as written, where, and what it knows."""

    type: str  # person, party, organization, place
    name: str
    start: int
    end: int
    words: str
    aliases: list[str] = field(default_factory=list)
    role: str = ""
    kind: str = ""
    #: How sure the rule is: a place word or the gazetteer (3) over an
    #: organisation word or title (2) over the shape of the name (1).
    strength: int = 1
    #: Where the person's role starts in the text (-1: no role), and the
    #: party, organisation or place written just before it, whose role it is:
    #: "CNRP President", "Cambodia’s Prime Minister", "Kampot province police chief".
    role_start: int = -1
    of: Found | None = None
    #: The role as a relation to ``of`` states it ("police chief" of the province).
    of_role: str = ""

    @property
    def slug(self) -> str:
        return slugify(self.name)


@dataclass(frozen=True)
class Place:
    """What the gazetteer says of a name: its kind and the country it is in."""

    name: str
    kind: str
    country: str  # the country's name, or "" for a country


Gazette = Callable[[str], Place | None]


def tokens(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _sentence_start(text: str, at: int) -> bool:
    before = text[:at].rstrip(" “‘\"'([")
    return not before or before[-1] in ".!?:;"


class Recogniser:
    """Finds names in the paragraphs of one article."""

    def __init__(self, article_text: str, gazette: Gazette, masked: Callable[[int, int], bool]):
        self.lower_words = {w for w in re.findall(r"\b[a-z][a-z’'-]+\b", article_text)}
        self.gazette = gazette
        self.masked = masked
        self.defined: dict[str, Found] = {}

    def common(self, token: Token, text: str) -> bool:
        """A capitalised word used as a common word: a function word, or at a sentence start."""
        word = token.bare
        if word in COMMON and not token.acronym:
            return True
        if not _sentence_start(text, token.start):
            return False
        return word.lower() in self.lower_words or (len(word) > 5 and word.endswith(("ing", "ed")))

    def runs(self, text: str, base: int) -> list[list[Token]]:
        """Runs of capitalised tokens, split at punctuation, masks and place possessives."""
        toks = tokens(text)
        out: list[list[Token]] = []
        run: list[Token] = []

        def close() -> None:
            while run and run[-1].text in CONNECTORS:
                run.pop()
            if run:
                out.append(list(run))
            run.clear()

        for i, tok in enumerate(toks):
            if self.masked(base + tok.start, base + tok.end):
                close()
                continue
            gap = text[toks[i - 1].end : tok.start] if i else " "
            if run and gap != " ":
                close()
            if tok.capital and not (tok.text in ("A", "I") and not run):
                if not run and self.common(tok, text):
                    continue
                run.append(tok)
                if tok.possessive and (tok.acronym or self.gazette(tok.bare)):
                    close()
            elif run and tok.text in CONNECTORS and i + 1 < len(toks) and toks[i + 1].capital:
                run.append(tok)
            else:
                close()
        close()
        return out

    def find(self, text: str, base: int = 0) -> list[Found]:
        """The names of one paragraph; offsets are ``base`` plus positions in ``text``."""
        found: list[Found] = []
        runs = self.runs(text, base)
        for n in range(len(runs) - 1, 0, -1):
            head, tail = runs[n - 1], runs[n]
            # "RFA’s Khmer Service": a newsroom of RFA, not RFA and a "Khmer Service".
            joined = len(head) == 1 and head[0].possessive and head[0].acronym
            if joined and tail[0].start == head[0].end + 1 and tail[-1].bare in ORG_WORDS:
                runs[n - 1 : n + 1] = [head + tail]
        for n, run in enumerate(runs):
            previous = runs[n - 1] if n else None
            new = self.classify(run, text, base, previous)
            if new and found and new[0].type == "person" and not new[0].role:
                last = found[-1]
                between = text[last.end - base : new[0].start - base]
                if last.type == "person" and last.role and between == " and ":
                    new[0].role, new[0].strength = last.role, 2  # "Senators X and Y"
                    new[0].of, new[0].of_role = last.of, last.of_role
            for person in new:
                _link_role(person, [*found, *new], text, base)
            found.extend(new)
        return found

    def _found(self, type_: str, run: list[Token], text: str, base: int, **kw: object) -> Found:
        start, end = run[0].start, run[-1].end
        name = " ".join(t.text for t in run[:-1]) + (" " if len(run) > 1 else "") + run[-1].bare
        return Found(type_, name, base + start, base + end, text[start:end], **kw)  # type: ignore[arg-type]

    def classify(
        self, run: list[Token], text: str, base: int, previous: list[Token] | None
    ) -> list[Found]:
        out: list[Found] = []
        while run and run[-1].bare in COMMON:
            run = run[:-1]
        if not run:
            return out
        after = text[run[-1].end :]
        titles = [i for i, t in enumerate(run) if t.bare in TITLES]
        if titles and not any(t.bare in ORG_WORDS for t in run[titles[-1] :]):
            first, last = titles[0], titles[-1]
            while first > 0 and run[first - 1].bare in TITLES:
                first -= 1
            tail = run[last + 1 :]
            if first:
                out.extend(self.classify(run[:first], text, base, previous))
            if tail and not any(t.text in CONNECTORS for t in tail) and len(tail) <= 4:
                role = " ".join(t.text for t in run[first : last + 1])
                if role.endswith("s") and role[:-1].split()[-1] in TITLES:
                    role = role[:-1]  # "Senators John McCain and ...": each a Senator
                person = self._found("person", tail, text, base, role=role, strength=2)
                person.role_start = base + run[first].start
                out.append(person)
            return out
        if any(t.bare in ORG_WORDS for t in run):
            return [self.organisation(run, text, base, after)]
        word = re.match(r" ([a-z]+)\b", after)
        if word and word.group(1) in PLACE_WORDS and not run[-1].possessive and not run[-1].acronym:
            kind = PLACE_WORDS[word.group(1)]
            place = self._found("place", run, text, base, kind=kind, strength=4)
            written = f"{place.name} {word.group(1)}"
            if kind in ("province", "region"):
                place.name, place.aliases = f"{place.name} {word.group(1).title()}", [written]
            else:
                place.aliases = [written]
            return [place]
        if len(run) == 1 and run[0].acronym:
            return self.acronym(run, text, base)
        role, role_start = self.role_before(text, run[0].start, previous)
        appositive = re.match(r", ((?:[A-Z][\w’']*|of|to|for|the|and)(?: |,|\.|$))+", after)
        if role:
            person = self._found("person", run, text, base, role=role, strength=2)
            person.role_start = base + role_start
            return [person]
        if appositive and any(w in TITLES for w in appositive.group(0).split()):
            role = appositive.group(0)[2:].rstrip(", .")
            return [self._found("person", run, text, base, role=role, strength=2)]
        if gazetted := self.gazetted(run, text, base):
            return gazetted
        if 2 <= len(run) <= 3 and all(t.text[:1].isupper() for t in run):
            return [self._found("person", run, text, base)]
        return out

    def organisation(self, run: list[Token], text: str, base: int, after: str) -> Found:
        party = run[-1].bare in PARTY_WORDS
        if run[0].possessive and run[0].acronym:
            # "RFA’s Khmer Service": the RFA Khmer Service, as written an alias.
            org = self._found("organization", run, text, base, strength=2)
            org.aliases = [org.words]
            org.name = " ".join([run[0].bare, *(t.text for t in run[1:-1]), run[-1].bare])
        else:
            org = self._found("party" if party else "organization", run, text, base, strength=2)
        if m := re.match(r" \(([A-Z][A-Za-z.]+)\)", after):
            org.aliases.append(m.group(1))
            self.defined[m.group(1)] = org
            org.end += m.end()
        return org

    def acronym(self, run: list[Token], text: str, base: int) -> list[Found]:
        token = run[0]
        if token.bare in self.defined:
            owner = self.defined[token.bare]
            return [self._found(owner.type, run, text, base, strength=0)]
        place = self.gazette(token.bare) if "." in token.bare else None
        if place is not None:
            found = self._found("place", run, text, base, kind=place.kind, strength=3)
            found.name, found.aliases = place.name, [token.bare]
            return [found]
        if "." in token.bare:
            return []
        return [self._found("organization", run, text, base)]

    def gazetted(self, run: list[Token], text: str, base: int) -> list[Found]:
        if len(run) > 4:
            return []
        name = " ".join(t.text for t in run[:-1]) + (" " if len(run) > 1 else "") + run[-1].bare
        place = self.gazette(name)
        if place is None:
            return []
        found = self._found("place", run, text, base, kind=place.kind, strength=3)
        found.name = place.name if slugify(place.name) == slugify(name) else name
        return [found]

    def role_before(self, text: str, at: int, previous: list[Token] | None) -> tuple[str, int]:
        """The lower-case role written just before a name ("district council member"),
        with the name before it if it is part of it ("Kampot province police chief"),
        and where its lower-case words start."""
        m = re.search(r"(?<![\w’'])((?:[a-z][a-z-]* ){0,3}[a-z][a-z-]*) $", text[:at])
        if not m:
            return "", -1
        words = m.group(1).split()
        start = m.start(1)
        while words and words[0] not in ROLE_NOUNS and words[0] in {"the", "a", "an", "and", "by"}:
            start += len(words[0]) + 1
            words = words[1:]
        if not words or words[-1] not in ROLE_NOUNS:
            return "", -1
        role = " ".join(words)
        if previous and previous[-1].end == start - 1:
            role = f"{text[previous[0].start : previous[-1].end]} {role}"
        return role, start

    def credit(self, text: str, base: int = 0) -> list[Found]:
        """The people of a credit line ("Translated by X. Written in English by Y."), and its
        other names (the newsroom) as in any paragraph."""
        out = []
        spans = []
        for m in _CREDITED.finditer(text):
            run = [t for t in tokens(m.group("name")) if t.capital]
            if not run or any(t.possessive or t.acronym or t.bare in ORG_WORDS for t in run):
                continue
            found = Found(
                "person", m.group("name"), base + m.start("name"), base + m.end("name"),
                m.group("name"), role=_CREDIT_ROLES.get(m.group("how").split()[0], ""),
                strength=2,
            )  # fmt: skip
            out.append(found)
            spans.append((base + m.start("name"), base + m.end("name")))
        masked = self.masked
        self.masked = lambda s, e: masked(s, e) or any(a < e and s < b for a, b in spans)
        try:
            out.extend(self.find(text, base))
        finally:
            self.masked = masked
        return out


_CREDITED = re.compile(
    r"\b(?P<how>Reported|Translated|Written in English|Written|Edited|Produced)"
    r"(?: from \w+)? by (?P<name>[A-Z][\w’'.-]*(?: [A-Z][\w’'-]*){1,3})\."
)
_CREDIT_ROLES = {
    "Reported": "reporter",
    "Translated": "translator",
    "Written": "writer",
    "Edited": "editor",
    "Produced": "producer",
}


def _link_role(person: Found, found: list[Found], text: str, base: int) -> None:
    """Set whose role a person's is: the party, organisation or place just before it."""
    if person.type != "person" or person.role_start < 0 or person.of is not None:
        return
    for other in found:
        if other is person or other.type not in ("party", "organization", "place"):
            continue
        gap = text[other.end - base : person.role_start - base]
        lower = re.fullmatch(r" ([a-z]+)", gap)  # "Kampot| province |police chief"
        if gap == " " or (lower and lower.group(1) in PLACE_WORDS and other.type == "place"):
            person.of = other
            role = text[person.role_start - base : person.start - base].strip()
            words = role.split()
            if len(words) > 2 and words[0] in PLACE_WORDS:
                words = words[1:]  # "province police chief": the province's police chief
            person.of_role = " ".join(words)
            if person.of_role.rstrip("s") == person.role.rstrip("s"):
                person.of_role = person.role  # "Senators": each a Senator
            return
