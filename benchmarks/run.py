"""The scale benchmark: a synthetic dossier against the plain MkDocs site equivalent to it.

``python benchmarks/run.py`` generates both sites (``generate.py``) at 500,
2,000 and 10,000 articles, builds them alternately, several runs each, each
build in a fresh child process, and records per build: wall time, peak memory
(the child's max RSS from ``wait4``), page count and output size; for the
dossier also the plugin's own seconds per stage, read from its debug log; and
the time of ``mkdocs serve`` rebuilds, each after editing one article, done
the way ``mkdocs serve`` does it (a fresh config and plugin instance per
rebuild, in one long-lived process; the median of ``--rebuilds`` is
reported). Results are merged into ``benchmarks/results.json`` (so sizes can
be run separately) and the table is written to ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import logging
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

#: Notes written by hand (the commands run, the load, profiles), put at the page's end.
NOTES = HERE / "notes.md"
_STAGE = re.compile(r"stage (\S+) ([0-9.]+)s")
_KINDS = ("plain", "dossier")


# --- children: one build per process ------------------------------------------------


def _quiet_logging() -> None:
    """Warnings from MkDocs; debug lines from the dossier plugin (its stage times)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    mk = logging.getLogger("mkdocs")
    mk.handlers[:] = [handler]
    mk.setLevel(logging.WARNING)
    mk.propagate = False
    plugin = logging.getLogger("mkdocs.plugins.mkdocs_dossier")
    plugin.setLevel(logging.DEBUG)


def _config(config_file: Path, site_dir: Path):
    from mkdocs.config import load_config

    return load_config(config_file=str(config_file), site_dir=str(site_dir))


def child_build(config_file: Path, site_dir: Path) -> None:
    """What ``mkdocs build`` does, with the stage lines of the plugin kept."""
    from mkdocs.commands.build import build

    _quiet_logging()
    config = _config(config_file, site_dir)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def child_serve(config_file: Path, site_dir: Path, article: Path, rebuilds: int = 1) -> None:
    """Build, then edit one article and rebuild as ``mkdocs serve`` does, ``rebuilds`` times.

    Prints the timings of every build.
    """
    from mkdocs.commands.build import build

    _quiet_logging()
    config = _config(config_file, site_dir)
    config.plugins.on_startup(command="serve", dirty=False)
    original = article.read_text(encoding="utf-8")
    try:
        for edit in range(rebuilds + 1):
            phase = f"rebuild {edit}" if edit else "cold"
            if edit:
                # An editor adds a sentence naming nobody new to one article.
                article.write_text(
                    original.rstrip("\n") + f" The editor added sentence {edit}.\n",
                    encoding="utf-8",
                )
                config = _config(config_file, site_dir)  # serve reloads the config
            print(f"phase {phase}", file=sys.stderr, flush=True)
            start = time.perf_counter()
            build(config)
            print(f"wall {time.perf_counter() - start:.3f}s", file=sys.stderr, flush=True)
    finally:
        article.write_text(original, encoding="utf-8")
        config.plugins.on_shutdown()


#: The edits of the dirty-rebuild measurement, in the order they are made.
DIRTY_EDITS = ("body edit", "rename", "add article", "delete article")


def _front_matter_split(text: str) -> tuple[str, str]:
    head, body = text.split("\n---\n", 1)
    return head + "\n---\n", body


def dirty_edit(what: str, articles: list[Path]) -> None:
    """One editor's change to the synthetic dossier (``DIRTY_EDITS``)."""
    if what == "body edit":  # a sentence naming nobody new
        path = articles[0]
        path.write_text(
            path.read_text(encoding="utf-8").rstrip("\n") + " The editor added a sentence.\n",
            encoding="utf-8",
        )
    elif what == "rename":  # the first entity with an id declared in an article
        path = articles[1]
        head, body = _front_matter_split(path.read_text(encoding="utf-8"))
        found = re.search(r'\n  - name: "([^"]+)"\n    id: ', head)
        assert found is not None, path
        head = head.replace(found[0], found[0].replace(found[1], f"{found[1]} II"), 1)
        path.write_text(head + body, encoding="utf-8")
    elif what == "add article":
        text = articles[2].read_text(encoding="utf-8").replace('title: "', 'title: "Added: ', 1)
        (articles[2].parent / "2099-01-01-99999.md").write_text(text, encoding="utf-8")
    elif what == "delete article":
        articles[3].unlink()
    else:
        raise ValueError(what)


def child_dirty(config_file: Path, site_dir: Path, copies: Path) -> None:
    """A cold build, then each of ``DIRTY_EDITS`` and a dirty rebuild, as ``dossier serve``.

    One process, the plugin instance kept, ``build(dirty=True)``; after each
    rebuild the site and the sources are copied into ``copies`` so the parent
    can compare the site with a clean build of the same sources.
    """
    from mkdocs.commands.build import build

    _quiet_logging()
    project = config_file.parent
    articles = sorted((project / "dossier" / "articles").glob("*.md"))
    config = _config(config_file, site_dir)
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        for what in ("cold", *DIRTY_EDITS):
            if what != "cold":
                dirty_edit(what, articles)
                config = _config(config_file, site_dir)  # serve reloads the config
            print(f"phase {what}", file=sys.stderr, flush=True)
            start, cpu = time.perf_counter(), time.process_time()
            build(config, dirty=True)
            print(f"wall {time.perf_counter() - start:.3f}s", file=sys.stderr, flush=True)
            # The process's own CPU time: on a loaded machine, what the rebuild costs.
            print(f"cpu {time.process_time() - cpu:.3f}s", file=sys.stderr, flush=True)
            if what != "cold":
                shutil.copytree(site_dir, copies / what / "site")
                for name in ("mkdocs.yml", "docs", "dossier"):
                    src = project / name
                    dest = copies / what / "project" / name
                    if src.is_dir():
                        shutil.copytree(src, dest)
                    else:
                        dest.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copy(src, dest)
    finally:
        config.plugins.on_shutdown()


# --- the parent: runs children and measures them ----------------------------------


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "plugins"), env.get("PYTHONPATH", "")) if p
    )
    return env


def _run_child(args: list[str]) -> tuple[float, float, int, str]:
    """Run this script as a child: wall and CPU seconds, max RSS in bytes, its stderr."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), *args],
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=_env(),
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        log = err.read()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{log[-4000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, log


def _stages(log: str) -> dict[str, float]:
    return {m.group(1): float(m.group(2)) for m in _STAGE.finditer(log)}


def _site_stats(site_dir: Path) -> tuple[int, int]:
    pages = size = 0
    for path in site_dir.rglob("*"):
        if path.is_file():
            size += path.stat().st_size
            pages += path.suffix == ".html"
    return pages, size


def measure_build(site: Path, out: Path) -> dict[str, Any]:
    """One build of ``site`` into ``out`` in a child process."""
    shutil.rmtree(out, ignore_errors=True)
    wall, cpu, rss, log = _run_child(["child-build", str(site / "mkdocs.yml"), str(out)])
    pages, size = _site_stats(out)
    return {
        "wall": wall,
        "cpu": cpu,
        "rss": rss,
        "pages": pages,
        "bytes": size,
        "stages": _stages(log),
    }


def measure_serve(site: Path, out: Path, article: Path, rebuilds: int) -> dict[str, Any]:
    """Cold build and one-article rebuilds in one process, as ``mkdocs serve``.

    ``rebuild`` is the rebuild whose plugin stages took the median time (of
    an even number, the slower of the middle two); ``rebuilds`` holds them all.
    """
    shutil.rmtree(out, ignore_errors=True)
    config = str(site / "mkdocs.yml")
    _, _, _, log = _run_child(["child-serve", config, str(out), str(article), str(rebuilds)])
    result: dict[str, Any] = {"rebuilds": []}
    for part in log.split("phase ")[1:]:
        phase = part.split("\n", 1)[0].strip()
        wall = re.search(r"wall ([0-9.]+)s", part)
        timing = {"wall": float(wall.group(1)) if wall else None, "stages": _stages(part)}
        if phase == "cold":
            result["cold"] = timing
        else:
            result["rebuilds"].append(timing)
    ranked = sorted(result["rebuilds"], key=lambda t: (sum(t["stages"].values()), t["wall"]))
    result["rebuild"] = ranked[len(ranked) // 2]
    return result


def _site_files(site: Path) -> dict[str, bytes]:
    """Every file of a site; a gzip file by its content (its header holds the time)."""
    out = {}
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            out[path.relative_to(site).as_posix()] = (
                gzip.decompress(data) if path.suffix == ".gz" else data
            )
    return out


def measure_dirty(site: Path, work: Path, compare: bool = True) -> dict[str, Any]:
    """Dirty rebuilds after each of ``DIRTY_EDITS``, each compared with a clean build.

    The sources are a copy of ``site`` (the edits change them). For each
    edit: the rebuild's wall time in the process, the pages it built (the
    plugin's ``dirty build: N of M`` line), and the files that differ from a
    clean build of the same sources in a fresh process (``[]``: equal).
    """
    project = work / "dirty-project"
    shutil.rmtree(work / "dirty", ignore_errors=True)
    # A site left by an earlier run would keep files its cold build never made.
    shutil.rmtree(work / "dirty-site", ignore_errors=True)
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(site, project, ignore=shutil.ignore_patterns(".cache"))
    copies = work / "dirty"
    _, _, _, log = _run_child(
        ["child-dirty", str(project / "mkdocs.yml"), str(work / "dirty-site"), str(copies)]
    )
    result: dict[str, Any] = {}
    for part in log.split("phase ")[1:]:
        phase = part.split("\n", 1)[0].strip()
        wall = re.search(r"wall ([0-9.]+)s", part)
        cpu = re.search(r"\ncpu ([0-9.]+)s", part)
        made = re.search(r"dirty build: (\d+) of (\d+) pages", part)
        # The generated pages whose Markdown the plugin made again (the others
        # kept from the last build, their inputs unchanged: dirty.Records).
        remade = re.search(r"dirty build: (\d+) pages' Markdown made again, (\d+) kept", part)
        result[phase] = {
            "wall": float(wall.group(1)) if wall else None,
            "cpu": float(cpu.group(1)) if cpu else None,
            "built": int(made.group(1)) if made else None,
            "pages": int(made.group(2)) if made else None,
            "remade": int(remade.group(1)) if remade else None,
            "generated": int(remade.group(1)) + int(remade.group(2)) if remade else None,
            "stages": _stages(part),
        }
    for what in DIRTY_EDITS:
        if not compare:  # (--compare-up-to): not checked at this size
            result[what]["differ"] = None
            shutil.rmtree(copies / what)
            continue
        clean = copies / what / "clean"
        _run_child(["child-build", str(copies / what / "project" / "mkdocs.yml"), str(clean)])
        dirty, fresh = _site_files(copies / what / "site"), _site_files(clean)
        differ = sorted(set(dirty) ^ set(fresh))
        differ += sorted(p for p in dirty.keys() & fresh.keys() if dirty[p] != fresh[p])
        result[what]["differ"] = differ[:20]
        shutil.rmtree(copies / what)
    return result


def bench_size(
    articles: int,
    runs: int,
    work: Path,
    seed: int,
    plain_serve: bool = True,
    rebuilds: int = 3,
    only_dirty: bool = False,
    compare: bool = True,
    only_builds: bool = False,
) -> dict[str, Any]:
    """Generate both sites at one size and build them alternately ``runs`` times each."""
    base = work / str(articles)
    counts = generate(articles, base, seed)
    if only_dirty:
        load = os.getloadavg()
        dirty = measure_dirty(base / "dossier", base, compare)
        dirty["load"] = [*load, *os.getloadavg()]
        return {"counts": counts, "dirty": dirty}
    # The machine's load (1, 5, 15 min) before and after: on a shared
    # machine it says how far to trust the wall times.
    load = os.getloadavg()
    builds: dict[str, list[dict[str, Any]]] = {k: [] for k in _KINDS}
    for run in range(runs):
        order = _KINDS if run % 2 == 0 else _KINDS[::-1]
        for kind in order:
            result = measure_build(base / kind, base / f"site-{kind}")
            builds[kind].append(result)
            print(
                f"{articles:>6} {kind:<7} run {run + 1}: {result['wall']:.1f}s "
                f"(CPU {result['cpu']:.1f}s) "
                f"{result['rss'] / 2**20:.0f} MiB",
                flush=True,
            )
    if only_builds:  # (--only-builds): the serve figures of results.json stay
        when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        return {"counts": counts, "runs": runs, "builds": builds, "load": [*load], "measured": when}
    first = sorted((base / "dossier/dossier/articles").glob("*.md"))[0]
    plain_first = base / "plain/docs/articles" / first.name
    serve = {"dossier": measure_serve(base / "dossier", base / "serve-dossier", first, rebuilds)}
    if plain_serve:
        plain = measure_serve(base / "plain", base / "serve-plain", plain_first, rebuilds)
        serve["plain"] = plain
    dirty_load = os.getloadavg()
    dirty = measure_dirty(base / "dossier", base, compare)
    dirty["load"] = [*dirty_load, *os.getloadavg()]
    return {
        "counts": counts,
        "runs": runs,
        "builds": builds,
        "serve": serve,
        "dirty": dirty,
        "load": [*load, *dirty_load],
        "measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


# --- the report -------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """What the benchmark ran on."""
    cpu = "unknown"
    ram = 0
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("MemTotal"):
                ram = int(line.split()[1]) * 1024
    versions = {}
    for dist in ("mkdocs", "mkdocs-material", "Markdown", "Jinja2", "PyYAML"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "not installed"
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "ram": ram,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "versions": versions,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def _median(builds: list[dict[str, Any]], key: str) -> float:
    return statistics.median(b[key] for b in builds)


def _stage_medians(builds: list[dict[str, Any]]) -> dict[str, float]:
    names: dict[str, None] = {}
    for b in builds:
        names.update(dict.fromkeys(b["stages"]))
    return {n: statistics.median(b["stages"].get(n, 0.0) for b in builds) for n in names}


def report(results: dict[str, Any]) -> str:
    """The Markdown page: machine, builds, stages, serve rebuilds, growth."""
    m = results["machine"]
    every_size = sorted(results["sizes"], key=int)
    # A size measured with --only-dirty alone has no whole builds to show.
    sizes = [size for size in every_size if "builds" in results["sizes"][size]]
    v = m["versions"]
    lines = [
        "# Benchmarks",
        "",
        "How long the dossier plugin takes at scale, against the plain MkDocs site",
        "that has the same pages. Generated by `python benchmarks/run.py`",
        "(see `benchmarks/`); do not edit by hand (the notes at the end are",
        "`benchmarks/notes.md`).",
        "",
        f"Machine: {m['cpus']} cores, {m['cpu']}, {m['ram'] / 2**30:.1f} GiB RAM,",
        f"{m['system']}; Python {m['python']}, MkDocs {v['mkdocs']},",
        f"Material {v['mkdocs-material']}, Markdown {v['Markdown']}, Jinja2 {v['Jinja2']},",
        f"PyYAML {v['PyYAML']}. Run {m['date']}.",
        "",
        "The *dossier* site is N synthetic annotated articles built with the plugin; the",
        "*plain* site has the same article bodies and links and one plain Markdown page",
        "per entity with comparable text (facts, relation tables, places within, a",
        "timeline, quoted mentions), built by MkDocs alone with the same theme",
        "(Material) and the same pages out of the nav: the floor. What has no twin is",
        "what only the plugin makes: maps, the relationship graph, the exports, the",
        "JSON Schemas. Each build runs in a",
        "fresh process; the two sites are built alternately; figures are medians.",
        "Wall time is what a user waits; CPU time (user + system of the build process)",
        "is what the work costs, and is the steadier figure on a shared machine.",
        "",
        "## Whole builds",
        "",
        "| articles | entities | runs | plain wall | dossier wall | ratio | plain CPU "
        "| dossier CPU | ratio | plain peak RSS | dossier peak RSS | ratio "
        "| pages (plain / dossier) | output MB (plain / dossier) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: |",
    ]
    for size in sizes:
        r = results["sizes"][size]
        p, d = r["builds"]["plain"], r["builds"]["dossier"]
        pw, dw = _median(p, "wall"), _median(d, "wall")
        pc, dc = _median(p, "cpu"), _median(d, "cpu")
        pm, dm = _median(p, "rss"), _median(d, "rss")
        lines.append(
            f"| {int(size):,} | {r['counts']['entities']:,} | {r['runs']} | {pw:.1f} s "
            f"| {dw:.1f} s | **{dw / pw:.2f}** | {pc:.1f} s | {dc:.1f} s | **{dc / pc:.2f}** "
            f"| {pm / 2**20:.0f} MiB | {dm / 2**20:.0f} MiB | **{dm / pm:.2f}** "
            f"| {p[0]['pages']:,} / {d[0]['pages']:,} "
            f"| {p[0]['bytes'] / 1e6:.0f} / {d[0]['bytes'] / 1e6:.0f} |"
        )
    lines += _when(results, sizes)
    lines += _growth(results, sizes)
    lines += _stage_table(results, sizes)
    lines += _serve_table(results, sizes)
    lines += _dirty_table(results, every_size)
    if NOTES.is_file():  # what was run, and what a profile showed: written by hand
        lines += ["", NOTES.read_text(encoding="utf-8").rstrip("\n")]
    return "\n".join(lines) + "\n"


def _when(results: dict[str, Any], sizes: list[str]) -> list[str]:
    """When each size was measured, and the machine's load then (sizes run apart)."""
    out = []
    for size in sizes:
        r = results["sizes"][size]
        if "measured" in r:
            load = r["load"][0]
            out.append(f"{int(size):,} measured {r['measured']}, 1-minute load {load:.1f}")
        else:
            out.append(f"{int(size):,} from an earlier run (load not recorded)")
    return ["", "Sizes: " + "; ".join(out) + "."]


def _growth(results: dict[str, Any], sizes: list[str]) -> list[str]:
    out = ["", "## Growth", ""]
    for small, big in itertools.pairwise(sizes):
        for kind in _KINDS:
            a = _median(results["sizes"][small]["builds"][kind], "cpu")
            b = _median(results["sizes"][big]["builds"][kind], "cpu")
            out.append(
                f"- {kind}: {int(big):,} articles take **{b / a:.2f}×** the CPU time of "
                f"{int(small):,} ({int(big) / int(small):.0f}× the articles)."
            )
    return out


def _stage_table(results: dict[str, Any], sizes: list[str]) -> list[str]:
    sizes = [s for s in sizes if results["sizes"][s]["builds"]["dossier"][0].get("stages")]
    medians = {s: _stage_medians(results["sizes"][s]["builds"]["dossier"]) for s in sizes}
    names = list(dict.fromkeys(n for s in sizes for n in medians[s]))
    out = [
        "",
        "## The plugin's own stages",
        "",
        "Seconds per stage of the dossier build, from the plugin's debug log",
        "(`mkdocs build -v` shows the same `stage NAME` lines): `load` reads and",
        "parses the sources, `resolve` merges annotations into entities, `match` finds",
        "mentions, `render` makes the generated pages' Markdown, `maps` and",
        "`exports` make the site's map files and open-data exports, `pages` is the",
        "per-page Markdown hook, `texts` writes the generated pages' tables,",
        "timelines and snippets as HTML after Markdown, and `blocks` their maps and",
        "graph drawings into the page once the search index has read it. The rest",
        "of the build is MkDocs itself rendering the pages.",
        "",
        "| articles | " + " | ".join(names) + " | plugin total | share of build |",
        "| ---: | " + " | ".join("---:" for _ in names) + " | ---: | ---: |",
    ]
    for s in sizes:
        total = sum(medians[s].values())
        wall = _median(results["sizes"][s]["builds"]["dossier"], "wall")
        cells = " | ".join(f"{medians[s].get(n, 0.0):.2f}" for n in names)
        out.append(f"| {int(s):,} | {cells} | {total:.2f} | {100 * total / wall:.0f}% |")
    return out


def _serve_table(results: dict[str, Any], sizes: list[str]) -> list[str]:
    out = [
        "",
        "## `mkdocs serve` after editing one article",
        "",
        "One process builds the site, then one article gets a sentence more and the",
        "site is rebuilt as `mkdocs serve` (without `--dirty`) does it (a fresh config",
        "per rebuild, the plugin instance kept with the results of its steps, by",
        "their inputs: `dirty.Kept`), several times, each time with another sentence;",
        "the rebuild shown is the one whose plugin stages took the median time (of an",
        "even number, the slower middle one), with the range over all rebuilds.",
        "MkDocs itself rebuilds every page: the fast path is the next table.",
        "",
        "| articles | plain rebuild | dossier rebuild | plugin stages, cold "
        "| plugin stages, rebuild (range) | rebuild / cold (plugin) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in sizes:
        serve = results["sizes"][s].get("serve")
        if not serve:
            continue
        cold = sum(serve["dossier"]["cold"]["stages"].values())
        warm = sum(serve["dossier"]["rebuild"]["stages"].values())
        every = [sum(r["stages"].values()) for r in serve["dossier"].get("rebuilds", [])]
        spread = f" ({min(every):.2f}–{max(every):.2f})" if len(every) > 1 else ""
        plain = f"{serve['plain']['rebuild']['wall']:.1f} s" if "plain" in serve else "not run"
        out.append(
            f"| {int(s):,} | {plain} "
            f"| {serve['dossier']['rebuild']['wall']:.1f} s | {cold:.2f} s | {warm:.2f} s{spread} "
            f"| **{warm / cold:.2f}** |"
        )
    return out


def _dirty_table(results: dict[str, Any], sizes: list[str]) -> list[str]:
    out = [
        "",
        "## `dossier serve` (`mkdocs serve --dirty`) after an edit",
        "",
        "One process builds the site cold, then after each edit in turn (a sentence",
        "added to one article, an entity renamed in an article's front matter, an",
        "article added, one deleted) rebuilds it as `dossier serve` does: the plugin",
        "instance kept, `build(dirty=True)`. The plugin reuses the last build's work",
        "by each step's inputs (`dirty.Kept`: each file's parse, each",
        "article's scan, the matcher, the resolved dossier when no front matter",
        "changed, the evidence anchors, the exports' encoded records) and makes again only the",
        "Markdown of the generated pages whose inputs changed (`dirty.Records`: its",
        "own record and those of the pages it links); MkDocs then builds only the",
        "pages whose digest changed (`plugins/mkdocs_dossier/dirty.py`).",
        "*Rebuild* is the wall time of that build in the process (save to rebuilt",
        "site, without the browser's reload), *CPU* the process's CPU time in it",
        "(on a loaded machine, what the rebuild costs); *made again* is how many generated",
        "pages' Markdown the plugin made, of all generated pages; *pages built* how",
        "many pages MkDocs built, of all; *equals clean* compares its site file for",
        "file, search index included, with a clean build of the same sources in a",
        "fresh process. *Cold* is the first build of the same process, a whole build",
        "measured under the same load: on a shared machine compare the rebuild with",
        "it (the ratio), not with the whole-build table above, which may come from",
        "another run. *Plugin* is the plugin's own stages in the rebuild. *Load* is",
        "the machine's 1-minute load average before and after the measurement (2",
        "cores: above 2, other work was waiting for them).",
        "",
        "| articles | edit | rebuild | CPU | plugin | made again | pages built | equals clean "
        "| cold | rebuild / cold | load |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for s in sizes:
        dirty = results["sizes"][s].get("dirty")
        if not dirty:
            continue
        cold = dirty["cold"]["wall"]
        load = dirty.get("load")
        shown_load = f"{load[0]:.1f}–{load[3]:.1f}" if load else "not recorded"
        for what in DIRTY_EDITS:
            r = dirty[what]
            equal = "not checked" if r["differ"] is None else "yes"
            if r["differ"]:
                equal = f"**no** ({len(r['differ'])} files)"
            plugin = sum(r["stages"].values())
            remade = "not recorded"
            if r.get("remade") is not None:
                remade = f"{r['remade']:,} of {r['generated']:,}"
            cpu = f"{r['cpu']:.2f} s" if r.get("cpu") is not None else "not recorded"
            out.append(
                f"| {int(s):,} | {what} | {r['wall']:.2f} s | {cpu} | {plugin:.2f} s | {remade} "
                f"| {r['built']:,} of {r['pages']:,} | {equal} | {cold:.1f} s "
                f"| **{r['wall'] / cold:.2f}** | {shown_load} |"
            )
    return out


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["child-build"]:
        return child_build(Path(argv[1]), Path(argv[2]))
    if argv[:1] == ["child-dirty"]:
        return child_dirty(Path(argv[1]), Path(argv[2]), Path(argv[3]))
    if argv[:1] == ["child-serve"]:
        rebuilds = int(argv[4]) if len(argv) > 4 else 1
        return child_serve(Path(argv[1]), Path(argv[2]), Path(argv[3]), rebuilds)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="builds of each site per size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--rebuilds", type=int, default=3, help="serve rebuilds per size, one edit each"
    )
    parser.add_argument(
        "--plain-serve-up-to",
        type=int,
        default=2000,
        help="measure the plain site's serve rebuild only up to this many articles",
    )
    parser.add_argument(
        "--only-dirty",
        action="store_true",
        help="measure only the dirty rebuilds (keeps the other figures of results.json)",
    )
    parser.add_argument(
        "--only-builds",
        action="store_true",
        help="measure only the whole builds (keeps the other figures of results.json)",
    )
    parser.add_argument(
        "--compare-up-to",
        type=int,
        default=10**9,
        help="compare dirty rebuilds with clean builds only up to this many articles",
    )
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "dossier-bench")
    parser.add_argument("--results", type=Path, default=HERE / "results.json")
    parser.add_argument("--out", type=Path, default=ROOT / "docs/benchmarks.md")
    args = parser.parse_args(argv)
    if args.rebuilds < 1:
        # The serve figures are reported as the median rebuild: there must be one.
        parser.error("--rebuilds must be 1 or more")
    results: dict[str, Any] = {"sizes": {}}
    if args.results.exists():
        results = json.loads(args.results.read_text(encoding="utf-8"))
    for size in args.sizes:
        measured = bench_size(
            size,
            args.runs,
            args.work,
            args.seed,
            size <= args.plain_serve_up_to,
            args.rebuilds,
            args.only_dirty,
            size <= args.compare_up_to,
            args.only_builds,
        )
        results["sizes"].setdefault(str(size), {}).update(measured)
        results["machine"] = machine()
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report(results), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
