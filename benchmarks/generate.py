"""A synthetic dossier of any size, and the plain MkDocs site equivalent to it.

``python benchmarks/generate.py 2000 OUT`` writes two sites under ``OUT``:

- ``OUT/dossier/``: ``mkdocs.yml`` with the dossier plugin, ``docs/index.md``
  and ``dossier/articles/*.md``: N articles of about 600 words in paragraphs,
  annotated in the documented front-matter format. The entity pools hold about
  two entities per article (people, parties, organisations, places, events);
  mentions follow a Zipf-like law (a few names in most articles, most names in
  one or two); names are multi-word and overlap ("Kampong Trach" and
  "Kampong Trach Khang Lech"); there are aliases, partial dates, a few
  Khmer-script aliases, and every place carries coordinates, so no geocoding
  is needed.
- ``OUT/plain/``: the floor. The same article bodies, with the same links,
  and one plain Markdown page per entity with comparable text (facts,
  relation tables, places within, a timeline of events and sources, quoted
  mentions), built by MkDocs with the same theme, the same pages out of the
  nav and no dossier plugin. Maps, the relationship graph and the exports
  have no twin: they are what the plugin adds.

Everything is drawn from one ``random.Random(seed)``, so the same arguments
always give byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# --- vocabulary ---------------------------------------------------------------

_SYLLABLES = _words(
    "Sok Chan Dara Vuth Sina Rith Pheap Bopha Kosal Sophal Vanna Rotha Chea Heng Lim "
    "Ouk Pich Srey Mean Thida Narin Samnang Kimsan Sothea Vichet Chenda Sokhom "
    "Rachana Nimol Piseth Sovann Kanha Borey Dalin Makara Rithy Sreymom Vibol Phalla "
    "Chantha Sokunthea"
)
_SURNAMES = _words(
    "Sok Chan Keo Meas Nhem Ouk Pen Phan Prak Sam Seng Sim Tep Touch Uy Yim Chhay Hem "
    "Long Mam Nou Pov Ros Sar Som Srun Thach Ung Van Yin Khiev Kong Leng Men Nuon"
)
#: Latin syllable -> Khmer script, for the few Khmer-script aliases.
_KHMER = {
    "Sok": "សុខ", "Chan": "ចាន់", "Keo": "កែវ", "Meas": "មាស", "Prak": "ប្រាក់",
    "Sam": "សំ", "Dara": "ដារា", "Vuth": "វុធ", "Sina": "ស៊ីណា", "Heng": "ហេង",
}  # fmt: skip
_PLACE_ROOTS = _words(
    "Kampong Trach Kampot Takeo Prey Veng Svay Rieng Kratie Stung Treng Pursat "
    "Battambang Siem Reap Kep Koh Kong Pailin Mondul Kiri Ratanak Ouddar Preah Vihear "
    "Tbong Khmum Banteay Meanchey Kandal Sihanoukville Bavet Chhuk Angkor Chey Dang "
    "Tong Banteay Meas"
)
_PLACE_SUFFIXES = ("Khang Lech", "Khang Cheung", "Khang Tbong", "Khang Kaeut", "Thmei", "Chas")
_ORG_KINDS = (
    ("Ministry of {}", "ministry"),
    ("{} Provincial Court", "court"),
    ("{} Human Rights Centre", "ngo"),
    ("{} Daily", "newsroom"),
    ("{} Land Authority", "agency"),
    ("{} Workers Union", "union"),
)
_MINISTRY_TOPICS = _words(
    "Interior Justice Information Defence Commerce Health Education Agriculture "
    "Environment Tourism Planning Labour Mines Water Rural Affairs Culture Religion "
    "Women Youth Land"
)
_EVENT_KINDS = ("Arrest of {}", "Trial of {}", "{} protest", "{} election", "{} land dispute")
_ROLES = (
    "commune chief", "district governor", "provincial police chief", "lawmaker", "spokesman",
    "minister", "activist", "journalist", "lawyer", "monk", "union leader", "judge",
)  # fmt: skip
_WORDS = _words(
    "the government said on Tuesday that officials would review the case after weeks "
    "of pressure from rights groups local residents and foreign diplomats who have "
    "raised concerns about detentions of opposition members in several provinces "
    "across the country while the ruling party insisted that the courts acted "
    "independently and according to the law a claim rejected by observers who pointed "
    "to the timing of the charges ahead of next year's vote in which the opposition "
    "had hoped to build on gains made in commune elections held earlier when it won "
    "nearly half of the popular vote and control of hundreds of communes many of them "
    "in rural districts far from the capital where villagers told reporters they "
    "feared speaking openly"
)
_VERBS = ("said", "told reporters", "denied", "confirmed", "warned", "was quoted as saying")


def _cap(words: list[str]) -> str:
    text = " ".join(words)
    return text[0].upper() + text[1:]


# --- the model of the synthetic story -------------------------------------------


@dataclass
class Ent:
    """One synthetic entity and the facts its first annotation carries."""

    folder: str
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.folder}/{self.id}"

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Story:
    """Entity pools and articles, all drawn from one seeded random generator."""

    def __init__(self, articles: int, seed: int) -> None:
        self.n = articles
        self.rng = random.Random(seed)
        self.taken: set[str] = set()
        self.pools: dict[str, list[Ent]] = {}
        pool = max(2 * articles, 20)
        self.pools["places"] = self._places(max(6, pool * 22 // 100))
        self.pools["parties"] = self._parties(max(3, min(60, pool // 100)))
        self.pools["organizations"] = self._organizations(max(3, pool * 14 // 100))
        self.pools["people"] = self._people(max(6, pool * 49 // 100))
        self.pools["events"] = self._events(max(3, pool * 15 // 100))
        self.all = [e for ents in self.pools.values() for e in ents]
        # Zipf-like weights over one shuffled ranking of every entity.
        ranking = self.all[:]
        self.rng.shuffle(ranking)
        self.ranking = ranking
        self.cum_weights = list(_accumulate(1.0 / (r + 1) ** 1.05 for r in range(len(ranking))))

    # -- unique names -----------------------------------------------------------

    def _numbered(self, base: str) -> str:
        """``base``, or ``base`` with a Roman-style ordinal when it is taken."""
        name, i = base, 1
        while name in self.taken:
            i += 1
            name = f"{base} {_ordinal(i)}"
        self.taken.add(name)
        return name

    # -- pools --------------------------------------------------------------------

    def _places(self, count: int) -> list[Ent]:
        rng = self.rng
        out = [Ent("places", "cambodia", self._numbered("Cambodia"))]
        out[0].facts.update(kind="country", lat=12.5657, lon=104.991)
        provinces: list[Ent] = []
        while len(out) < count:
            if len(provinces) < max(3, count // 12) or rng.random() < 0.25:
                words = rng.sample(_PLACE_ROOTS, rng.choice((1, 2)))
                name = self._numbered(" ".join(words))
                parent = out[0]
                kind = "province"
                lat, lon = 10.5 + rng.random() * 3.8, 102.4 + rng.random() * 5.0
                ent = Ent("places", _slug(name), name, facts={"kind": kind})
                provinces.append(ent)
            else:
                parent = rng.choice(provinces)
                # Communes are named after their district: "Kampong Trach Khang Lech".
                name = self._numbered(f"{parent.name} {rng.choice(_PLACE_SUFFIXES)}")
                kind = "commune"
                lat = parent.facts["lat"] + rng.uniform(-0.2, 0.2)
                lon = parent.facts["lon"] + rng.uniform(-0.2, 0.2)
                ent = Ent("places", _slug(name), name, facts={"kind": kind})
            ent.facts.update(lat=round(lat, 5), lon=round(lon, 5), **{"in": parent.id})
            if kind == "province" and rng.random() < 0.3:
                ent.aliases.append(self._numbered(f"{name} province"))
            out.append(ent)
        return out

    def _parties(self, count: int) -> list[Ent]:
        out = []
        adjectives = "National Democratic Rescue People's Khmer Grassroots Candlelight Reform"
        for _ in range(count):
            words = " ".join(self.rng.sample(adjectives.split(), 2))
            name = self._numbered(f"Cambodia {words} Party")
            acronym = "".join(w[0] for w in name.split() if w[0].isupper())
            ent = Ent("parties", _slug(name), name, facts={"country": "cambodia"})
            if acronym not in self.taken:
                self.taken.add(acronym)
                ent.aliases.append(acronym)
            out.append(ent)
        return out

    def _organizations(self, count: int) -> list[Ent]:
        out = []
        rng = self.rng
        provinces = [p for p in self.pools["places"] if p.facts.get("kind") == "province"]
        for _ in range(count):
            pattern, kind = rng.choice(_ORG_KINDS)
            if kind == "ministry":
                topic = rng.choice(_MINISTRY_TOPICS)
            else:
                topic = rng.choice(provinces).name
            name = self._numbered(pattern.format(topic))
            ent = Ent("organizations", _slug(name), name, facts={"kind": kind})
            out.append(ent)
        return out

    def _people(self, count: int) -> list[Ent]:
        out = []
        rng = self.rng
        parties = self.pools["parties"]
        orgs = self.pools["organizations"]
        for i in range(count):
            parts = [rng.choice(_SURNAMES), rng.choice(_SYLLABLES)]
            if rng.random() < 0.35:
                parts.append(rng.choice(_SYLLABLES))
            if i % 40 == 0:  # a few people are also written in Khmer script
                parts = rng.sample(sorted(_KHMER), 2)
            name = self._numbered(" ".join(parts))
            ent = Ent("people", _slug(name), name, facts={"role": rng.choice(_ROLES)})
            if rng.random() < 0.4:
                ent.facts["party"] = rng.choice(parties).id
            elif rng.random() < 0.3:
                ent.facts["organization"] = rng.choice(orgs).id
            if i % 40 == 0:
                khmer = " ".join(_KHMER[p] for p in parts)
                if khmer not in self.taken:
                    self.taken.add(khmer)
                    ent.aliases.append(khmer)
            elif rng.random() < 0.08:
                alias = f"{name.split()[0]}-{rng.choice(_SYLLABLES)}"
                if alias not in self.taken:
                    self.taken.add(alias)
                    ent.aliases.append(alias)
            out.append(ent)
        return out

    def _events(self, count: int) -> list[Ent]:
        out = []
        rng = self.rng
        for _ in range(count):
            pattern = rng.choice(_EVENT_KINDS)
            if "{}" in pattern and pattern.startswith(("Arrest", "Trial")):
                subject = rng.choice(self.pools["people"]).name
            else:
                subject = rng.choice(self.pools["places"]).name
            name = self._numbered(pattern.format(subject))
            year = rng.randint(2013, 2018)
            precision = rng.random()
            if precision < 0.6:
                date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            elif precision < 0.85:
                date = f"{year}-{rng.randint(1, 12):02d}"
            else:
                date = str(year)
            ent = Ent("events", _slug(name), name, facts={"date": date})
            ent.facts["place"] = rng.choice(self.pools["places"]).id
            ent.facts["people"] = [p.id for p in rng.sample(self.pools["people"], 2)]
            if rng.random() < 0.1:
                ent.facts["approximate"] = True
            out.append(ent)
        return out

    # -- articles -------------------------------------------------------------------

    def draw(self, k: int) -> list[Ent]:
        """``k`` distinct entities, Zipf-weighted."""
        seen: dict[str, Ent] = {}
        while len(seen) < k:
            for e in self.rng.choices(self.ranking, cum_weights=self.cum_weights, k=k):
                seen.setdefault(e.key, e)
        return list(seen.values())[:k]

    def articles(self):
        """Yield (id, front matter dict, paragraphs) for every article."""
        rng = self.rng
        # Every entity is introduced by one article, about two per article.
        homes: dict[int, list[Ent]] = defaultdict(list)
        for i, ent in enumerate(self.all):
            homes[i % self.n].append(ent)
        for a in range(self.n):
            own = homes[a]
            cast = own + [e for e in self.draw(7) if e not in own]
            year = rng.randint(2013, 2018)
            date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            ident = f"{date}-{a:05d}"
            lead = cast[0].name
            meta = {
                "title": f"{lead}: {rng.choice(_VERBS).capitalize()} amid {rng.choice(_WORDS)}",
                "date": date,
                "source": rng.choice(("Radio Free Asia", "Phnom Penh Post", "VOD")),
                "url": f"https://news.example.org/{ident}",
                "byline": f"{rng.choice(_SURNAMES)} {rng.choice(_SYLLABLES)}",
            }
            yield ident, meta, own, cast, self.paragraphs(cast)

    def paragraphs(self, cast: list[Ent]) -> list[list[tuple[str, Ent | None]]]:
        """About 600 words in 6 to 9 paragraphs; each piece is (text, entity or None)."""
        rng = self.rng
        paras = []
        words = 0
        while words < 600:
            para: list[tuple[str, Ent | None]] = []
            for _ in range(rng.randint(3, 5)):
                ent = rng.choice(cast)
                name = ent.name if not ent.aliases or rng.random() < 0.7 else ent.aliases[0]
                head = _cap(rng.sample(_WORDS, rng.randint(3, 7)))
                tail = " ".join(rng.sample(_WORDS, rng.randint(8, 16)))
                para += [
                    (f"{head}, ", None),
                    (name, ent),
                    (f" {rng.choice(_VERBS)}, {tail}. ", None),
                ]
                words += sum(len(text.split()) for text, _ in para[-3:])
            paras.append(para)
        return paras


def _ordinal(i: int) -> str:
    return ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")[i] if i < 10 else str(i)


def _accumulate(values):
    total = 0.0
    for v in values:
        total += v
        yield total


# --- writing ---------------------------------------------------------------------

_NAV = (
    ("People", "people"),
    ("Parties", "parties"),
    ("Organisations", "organizations"),
    ("Places", "places"),
    ("Events", "events"),
    ("Articles", "articles"),
)


def _yaml(value: object) -> str:
    """A YAML scalar: JSON strings are valid YAML and need no escaping rules of our own."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value).lower()


def _annotation(ent: Ent, full: bool) -> list[str]:
    """The front-matter list item annotating ``ent``: complete the first time, a name later."""
    if not full:
        return [f"  - {_yaml(ent.name)}"]
    lines = [f"  - name: {_yaml(ent.name)}", f"    id: {ent.id}"]
    if ent.aliases:
        lines.append(f"    aliases: [{', '.join(_yaml(a) for a in ent.aliases)}]")
    for key, value in ent.facts.items():
        if isinstance(value, list):
            lines.append(f"    {key}: [{', '.join(_yaml(v) for v in value)}]")
        else:
            lines.append(f"    {key}: {_yaml(value)}")
    lines.append(f"    summary: {_yaml(_summary(ent))}")
    return lines


def _summary(ent: Ent) -> str:
    kind = ent.facts.get("kind") or ent.facts.get("role") or ent.folder.rstrip("s")
    return f"{ent.name}, {kind}, as the synthetic story tells it."


def _config(site_name: str, plugins: str, extra: str = "") -> str:
    nav = "\n".join(f"  - {label}: {folder}/index.md" for label, folder in _NAV)
    return (
        f"site_name: {site_name}\n"
        "site_url: https://example.org/bench/\n"
        "docs_dir: docs\n"
        "theme:\n  name: material\n"
        f"nav:\n  - Home: index.md\n{nav}\n"
        f"plugins:\n{plugins}"
        f"{extra}"
    )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def generate(articles: int, out: Path, seed: int = 1) -> dict[str, int]:
    """Write the dossier site and the plain site under ``out``; return counts."""
    story = Story(articles, seed)
    for sub in ("dossier", "plain"):
        shutil.rmtree(out / sub, ignore_errors=True)
    dossier, plain = out / "dossier", out / "plain"
    _write(dossier / "mkdocs.yml", _config("Synthetic dossier", "  - search\n  - dossier\n"))
    not_in_nav = "\n".join(f"  /{f}/*.md\n  !/{f}/index.md" for _, f in _NAV)
    _write(
        plain / "mkdocs.yml",
        _config("Synthetic plain site", "  - search\n", f"not_in_nav: |\n{not_in_nav}\n"),
    )
    home = "# Synthetic dossier\n\nA generated story to measure build time.\n"
    _write(dossier / "docs/index.md", home)
    _write(plain / "docs/index.md", home)

    mentions: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    annotated: dict[str, list[str]] = defaultdict(list)
    titles: dict[str, str] = {}
    twin = _Twin(story)
    count = 0
    for ident, meta, own, cast, paras in story.articles():
        count += 1
        titles[ident] = meta["title"]
        fm = [f"{k}: {_yaml(v)}" for k, v in meta.items()]
        by_folder: dict[str, list[Ent]] = defaultdict(list)
        for ent in cast:
            by_folder[ent.folder].append(ent)
            annotated[ent.key].append(ident)
        for folder, ents in by_folder.items():
            fm.append(f"{folder}:")
            for ent in ents:
                fm += _annotation(ent, ent in own)
        people = by_folder.get("people", [])
        if len(people) >= 2 and count % 5 == 0:
            a, b = people[:2]
            fm += ["relations:", f"  - {{subject: {a.id}, type: tie, object: {b.id}}}"]
            twin.tie(a, b, ident)
        twin.article(ident, meta, cast)
        body = "\n\n".join("".join(text for text, _ in para).rstrip() for para in paras)
        _write(
            dossier / f"dossier/articles/{ident}.md",
            "---\n" + "\n".join(fm) + "\n---\n\n" + body + "\n",
        )
        # The plain article: the same text, first mention of each entity linked.
        linked: set[str] = set()
        out_paras = []
        for n, para in enumerate(paras, start=1):
            pieces = []
            for text, ent in para:
                if ent is not None and ent.key not in linked:
                    linked.add(ent.key)
                    pieces.append(f"[{text}](../{ent.key}.md)")
                else:
                    pieces.append(text)
                if ent is not None:
                    sentence = "".join(t for t, _ in para).split(". ")
                    snippet = next((s for s in sentence if text in s), text)
                    mentions[ent.key].append((ident, f"p-{n}", snippet.strip()))
            out_paras.append(f'<a id="p-{n}"></a>' + "".join(pieces).rstrip())
        in_article = ", ".join(f"[{e.name}](../{e.key}.md)" for e in cast)
        _write(
            plain / f"docs/articles/{ident}.md",
            f"# {meta['title']}\n\n{meta['source']} · {meta['date']} · {meta['byline']}\n\n"
            f"[Read the original]({meta['url']})\n\n"
            + "\n\n".join(out_paras)
            + f"\n\n## In this article\n\n- {in_article}\n",
        )
    twin.finish(annotated)
    for ent in story.all:
        page = _plain_entity(ent, mentions, annotated, titles, twin)
        _write(plain / f"docs/{ent.key}.md", page)
    for label, folder in _NAV:
        if folder == "articles":
            items = [f"- [{titles[i]}]({i}.md)" for i in sorted(titles, reverse=True)]
        else:
            ents = sorted(story.pools[folder], key=lambda e: e.name.lower())
            items = [f"- [{e.name}]({e.id}.md): {_summary(e)}" for e in ents]
        _write(plain / f"docs/{folder}/index.md", f"# {label}\n\n" + "\n\n".join(items) + "\n")
    # The dossier adds a relationship graph page; the plain site's floor is a
    # page linking the same entities.
    nodes = sorted(story.all, key=lambda e: e.key)
    _write(
        plain / "docs/graph/index.md",
        "# Relationship graph\n\n"
        + "\n".join(f"- [{e.name}](../{e.key}.md)" for e in nodes)
        + "\n",
    )
    # The Explore page (a date range filtering the overview map): its floor is a heading.
    _write(plain / "docs/explore/index.md", "# Explore\n\nThe story's places over time.\n")
    # And a page of disputed facts: the synthetic sources never contradict each other.
    _write(plain / "docs/disputed/index.md", "# Disputed facts\n\nNo source contradicts another.\n")
    return {"articles": count, "entities": len(story.all)}


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _date_label(date: str) -> str:
    """``2016-11-14`` -> ``14 November 2016``; partial dates say only what they know."""
    parts = date.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


class _Twin:
    """What a hand-made site would write on each entity page besides facts and quotes.

    The dossier's entity pages carry relation tables (members, ties, an
    event's people), the places within a place and a timeline of dated events
    and source articles; an editor making the same site by hand would write
    those sections too, as plain Markdown with plain links. Maps, the
    relationship graph and the exports are what only the plugin makes, so
    they have no twin.
    """

    def __init__(self, story: Story) -> None:
        self.story = story
        self.by_key = {e.key: e for e in story.all}
        self.ties: dict[str, list[tuple[Ent, str]]] = defaultdict(list)
        self.sources: dict[str, list[tuple[str, str]]] = defaultdict(list)  # key -> (date, line)
        self.timeline: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.members: dict[str, list[Ent]] = defaultdict(list)
        self.children: dict[str, list[Ent]] = defaultdict(list)

    def tie(self, a: Ent, b: Ent, article: str) -> None:
        self.ties[a.key].append((b, article))
        self.ties[b.key].append((a, article))

    def article(self, ident: str, meta: dict[str, str], cast: list[Ent]) -> None:
        line = (
            f"- {_date_label(meta['date'])} · source · "
            f"[{meta['title']}](../articles/{ident}.md), {meta['source']}"
        )
        for ent in cast:
            if ent.folder != "events":
                self.timeline[ent.key].append((meta["date"], line))

    def finish(self, annotated: dict[str, list[str]]) -> None:
        """Memberships, the place hierarchy and the events on every timeline."""
        self.home = {key: f"../articles/{ids[0]}.md" for key, ids in annotated.items()}
        for ent in self.story.all:
            for fact, folder in (("party", "parties"), ("organization", "organizations")):
                if fact in ent.facts:
                    self.members[f"{folder}/{ent.facts[fact]}"].append(ent)
            if "in" in ent.facts:
                self.children[f"places/{ent.facts['in']}"].append(ent)
        for ent in self.story.pools["events"]:
            date = str(ent.facts["date"])
            line = f"- {_date_label(date)} · [{ent.name}](../{ent.key}.md): {_summary(ent)}"
            for person in ent.facts["people"]:
                self.timeline[f"people/{person}"].append((date, line))
            # An event is on the timeline of its place and of every place around it.
            place: Ent | None = self.by_key.get(f"places/{ent.facts['place']}")
            via = ""
            while place is not None:
                self.timeline[place.key].append((date, line + via))
                first = self.by_key[f"places/{ent.facts['place']}"]
                via = via or f" — in [{first.name}](../{first.key}.md)"
                parent = place.facts.get("in")
                place = self.by_key.get(f"places/{parent}") if parent else None

    def sections(self, ent: Ent, cite: str) -> list[str]:
        lines: list[str] = []
        member_of = [
            self.by_key[f"{folder}/{ent.facts[fact]}"]
            for fact, folder in (("party", "parties"), ("organization", "organizations"))
            if fact in ent.facts
        ]
        tables = (
            ("Member of", "Party or organisation", [(o, cite) for o in member_of]),
            ("Members", "Member", [(m, self.home[m.key]) for m in self.members.get(ent.key, [])]),
            ("Ties", "With", [(o, f"../articles/{a}.md") for o, a in self.ties.get(ent.key, [])]),
        )
        for heading, label, rows in tables:
            if rows:
                lines += ["", f"## {heading}", "", f"| {label} | Role | When | Sources |"]
                lines.append("| --- | --- | --- | --- |")
                lines += [f"| [{o.name}](../{o.key}.md) | | | [source]({c}) |" for o, c in rows]
        if ent.folder == "events":
            lines += ["", "## People", ""]
            for person in ent.facts["people"]:
                p = self.by_key[f"people/{person}"]
                lines += [f"- [{p.name}](../{p.key}.md) — [source]({self.home[p.key]})", ""]
        kids = sorted(self.children.get(ent.key, []), key=lambda e: e.name)
        if kids:
            lines += ["", "## Places within", ""]
            lines += [f"- [{k.name}](../{k.key}.md): {_summary(k)}" for k in kids]
        entries = sorted(self.timeline.get(ent.key, []))
        if entries:
            lines += ["", "## Timeline", ""]
            for _, line in entries:
                lines += [line, ""]
        return lines


_KIND_LABEL = {
    "people": "Person",
    "parties": "Party",
    "organizations": "Organisation",
    "places": "Place",
    "events": "Event",
}


def _plain_entity(ent, mentions, annotated, titles, twin: _Twin) -> str:
    """A plain page about one entity, comparable to the dossier's entity page."""
    lines = [f"# {ent.name}", "", _KIND_LABEL[ent.folder], "", _summary(ent), ""]
    home = annotated[ent.key][0]
    cite = f"../articles/{home}.md"
    lines += ["| Fact | Value | Source |", "| --- | --- | --- |"]
    if ent.aliases:
        lines.append(f"| Also known as | {', '.join(ent.aliases)} | |")
    for key, value in ent.facts.items():
        lines.append(f"| {key.capitalize()} | {value} | [{titles[home]}]({cite}) |")
    lines += twin.sections(ent, cite)
    lines += ["", "## Mentions", ""]
    seen = set()
    current = None
    for article, anchor, snippet in mentions.get(ent.key, []):
        if (article, snippet) in seen:
            continue
        seen.add((article, snippet))
        if article != current:
            current = article
            lines += [f"### [{titles[article]}](../articles/{article}.md)", ""]
        lines += [f"- [¶ {anchor[2:]}](../articles/{article}.md#{anchor}): {snippet}", ""]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", type=int, help="number of articles")
    parser.add_argument("out", type=Path, help="folder to write the two sites into")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    counts = generate(args.articles, args.out, args.seed)
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
