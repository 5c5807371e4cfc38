/* The Explore page of mkdocs-dossier: one date range for its map, graph and timeline.
 *
 * The `.dossier-explore` block carries the story's first and last day and
 * each dated event's key and days (site/explore.py) in `data-range`. Moving
 * either date input sets `data-only` (the keys of the events within the
 * range) on the page's map and graph and dispatches `dossier-only` to them:
 * maps.js then keeps the markers of the places where those events happened,
 * graph.js those events and what took part in them. The timeline's items
 * (an `li` whose paragraph starts with a `<time datetime>`) are hidden when
 * their date falls outside, and so are headings left with nothing under
 * them, and their entries in the theme's table of contents. The range is
 * kept in the address (`?from=…&to=…`, replaceState), so reloading or
 * sharing it restores the view. Without JavaScript the form
 * stays hidden and the page is the plain timeline and lists.
 *
 * Sinks (audited like maps.js; a new one must be listed here and must not be
 * an HTML one fed with data):
 *   - textContent of the status line: a number put into the page's own
 *     template (data-template), never parsed as HTML.
 *   - input.value, hidden, style.left/width (percentages computed here),
 *     style.display of a table-of-contents entry ("none" or ""),
 *     setAttribute data-only/data-ready/data-shown: plain values.
 *   - history.replaceState: this page's own path with from/to, each checked
 *     to be a YYYY-MM-DD day first.
 *   - JSON.parse of data-range: the data, never evaluated.
 */
(function () {
  "use strict";

  var DAY = /^\d{4}-\d{2}-\d{2}$/;

  // A timeline date ("2017", "2017-11", "2017-11-14") as the days it may mean.
  function firstDay(iso) {
    return iso.length === 4 ? iso + "-01-01" : iso.length === 7 ? iso + "-01" : iso;
  }
  function lastDay(iso) {
    return iso.length === 4 ? iso + "-12-31" : iso.length === 7 ? iso + "-31" : iso;
  }

  function share(day, data) {
    var first = Date.parse(data.first), width = Math.max(Date.parse(data.last) - first, 1);
    return Math.max(0, Math.min(100, 100 * (Date.parse(day) - first) / width));
  }

  // The timeline's items: not the map's no-JS list nor the graph's panel.
  function timelineItems(root) {
    return Array.prototype.filter.call(root.querySelectorAll("li"), function (li) {
      return li.querySelector(":scope > p > time[datetime]") &&
        !li.closest(".dossier-explore, .dossier-map-block, .dossier-graph-block");
    });
  }

  // The page's table of contents (the theme's, outside the article; in
  // mkdocs-material also in the phone's drawer): its entries by the id of the
  // heading they lead to. mkdocs-material writes them as whole URLs of this
  // page ("…/explore/#november-2017"), MkDocs' own theme as "#timeline".
  function tocEntries(root) {
    var out = {};
    Array.prototype.forEach.call(document.querySelectorAll("a[href*='#']"), function (a) {
      if (root.contains(a) || !a.hash || a.origin !== location.origin ||
          a.pathname !== location.pathname) return;
      var id;
      try { id = decodeURIComponent(a.hash.slice(1)); } catch (e) { return; }
      var li = a.closest("li");
      if (id && li) (out[id] = out[id] || []).push(li);
    });
    return out;
  }

  // A heading with nothing shown before the next heading of its level or
  // above goes too, and so does its entry in the table of contents (a month
  // listed there with nothing under it on the page).
  function tidy(root, items, toc) {
    var lists = [];
    items.forEach(function (li) {
      if (lists.indexOf(li.parentNode) < 0) lists.push(li.parentNode);
    });
    lists.forEach(function (list) {
      list.hidden = !Array.prototype.some.call(list.children, function (li) { return !li.hidden; });
    });
    var headings = root.querySelectorAll("h3, h4");
    for (var i = headings.length - 1; i >= 0; i--) {
      var level = Number(headings[i].tagName.charAt(1)), shown = false;
      for (var next = headings[i].nextElementSibling; next; next = next.nextElementSibling) {
        var m = /^H([1-6])$/.exec(next.tagName);
        if (m && Number(m[1]) <= level) break;
        if (!next.hidden) { shown = true; break; }  // bottom up: a deeper heading is decided
      }
      headings[i].hidden = !shown;
      (toc[headings[i].id] || []).forEach(function (li) { li.style.display = shown ? "" : "none"; });
    }
  }

  function setup(block) {
    if (block.getAttribute("data-ready")) return;
    var data;
    try { data = JSON.parse(block.getAttribute("data-range") || ""); } catch (e) { return; }
    if (!data || !data.events) return;
    block.setAttribute("data-ready", "true");
    var form = block.querySelector(".dossier-explore-range");
    var from = form.querySelector(".dossier-explore-from");
    var to = form.querySelector(".dossier-explore-to");
    var status = form.querySelector(".dossier-explore-status");
    var selected = form.querySelector(".dossier-explore-selected");
    var root = block.closest("article, [role=main]") || document.body;
    var items = timelineItems(root);
    var toc = tocEntries(root);

    function clamp(day, fallback) {
      if (!DAY.test(day || "")) return fallback;
      return day < data.first ? data.first : day > data.last ? data.last : day;
    }

    function apply(record) {
      var a = clamp(from.value, data.first), b = clamp(to.value, data.last);
      if (a > b) { var swap = a; a = b; b = swap; }
      var whole = a === data.first && b === data.last;
      var keys = data.events.filter(function (ev) { return ev.from <= b && ev.to >= a; })
        .map(function (ev) { return ev.key; });
      var views = root.querySelectorAll(".dossier-map, .dossier-graph-canvas");
      Array.prototype.forEach.call(views, function (view) {
        if (whole) view.removeAttribute("data-only");
        else view.setAttribute("data-only", keys.join(" "));
        view.dispatchEvent(new CustomEvent("dossier-only"));
      });
      items.forEach(function (li) {
        var iso = li.querySelector(":scope > p > time").getAttribute("datetime") || "";
        li.hidden = !(firstDay(iso) <= b && lastDay(iso) >= a);
      });
      tidy(root, items, toc);
      block.setAttribute("data-shown", String(keys.length));
      status.textContent = (status.getAttribute("data-template") || "")
        .replace("{shown}", String(keys.length)).replace("{total}", String(data.events.length));
      var left = share(a, data);
      selected.style.left = left + "%";
      selected.style.width = Math.max(share(b, data) - left, 0.5) + "%";
      if (record) {
        var params = new URLSearchParams(window.location.search);
        if (whole) { params.delete("from"); params.delete("to"); }
        else { params.set("from", a); params.set("to", b); }
        var query = params.toString();
        window.history.replaceState(window.history.state, "",
          window.location.pathname + (query ? "?" + query : "") + window.location.hash);
      }
    }

    var params = new URLSearchParams(window.location.search);
    from.value = clamp(params.get("from"), data.first);
    to.value = clamp(params.get("to"), data.last);
    form.hidden = false;
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    [from, to].forEach(function (input) {
      input.addEventListener("input", function () { apply(true); });
      input.addEventListener("change", function () { apply(true); });
    });
    form.querySelector(".dossier-explore-all").addEventListener("click", function () {
      from.value = data.first;
      to.value = data.last;
      apply(true);
    });
    apply(false);
  }

  function init() {
    var blocks = document.querySelectorAll(".dossier-explore");
    for (var i = 0; i < blocks.length; i++) setup(blocks[i]);
  }

  // dossier.js loads this file on the Explore page and calls init on each
  // page shown after (mkdocs-material's instant navigation).
  if (typeof window.dossierRegister === "function") {
    window.dossierRegister("explore", init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
