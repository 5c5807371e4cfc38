/* mkdocs-dossier: the script every page loads. Small on purpose.
 *
 * 1. Brings the paragraph a backlink or citation points to into view. With
 *    mkdocs-material's instant navigation the new page is swapped in by
 *    script and the browser often keeps the previous page's scroll position,
 *    so after every page swap (document$), and on plain page loads and hash
 *    changes in other themes, the element named by the URL's fragment is
 *    scrolled into view and marked, since :target does not follow pushState.
 * 2. Loads what a page draws only on pages that draw it: an element with
 *    data-dossier-needs="map" brings Leaflet and maps.js (about 150 KB) in;
 *    pages without a map load none of it; data-dossier-needs="graph" brings
 *    Cytoscape.js and graph.js the same way; both bring safe-dom.js, their
 *    shared DOM helpers, fetched once. The files sit next to this script.
 * 3. Gives table cells their column's name (data-label) where the page's
 *    HTML did not, so the stylesheet can stack rows on a phone. Only
 *    attributes and textContent are set: nothing is parsed as HTML.
 * 4. Scrolls an entity's Connections drawing, wider than a phone's column
 *    (it keeps its size there so its names stay readable), to its middle,
 *    where the page's own entity is drawn: scrollLeft only.
 *
 * Sinks (audited for issue 15): none that parses HTML. The fragment is only
 * looked up with getElementById and the found block gets a class; data-label
 * is set from a heading's textContent; the files loaded are this script's
 * own folder's (NEEDS, constant names), never a URL from the page.
 */
(function () {
  "use strict";

  var BASE = (document.currentScript && document.currentScript.src || "")
    .replace(/[^/]*$/, "");
  // safe-dom.js holds the DOM helpers maps.js and graph.js share.
  var NEEDS = {
    map: ["leaflet/leaflet.css", "maps.css", "leaflet/leaflet.js", "safe-dom.js", "maps.js"],
    // The version is in the file's name (site/assets.py CYTOSCAPE).
    graph: ["graph.css", "vendor/cytoscape/cytoscape-3.35.0.min.js", "safe-dom.js", "graph.js"],
    // The Explore page's date range, which filters its map, graph and timeline.
    explore: ["explore.js"]
  };
  var loading = {};
  // A file two kinds need is fetched once: true once loaded, else the
  // continuations waiting for it.
  var files = {};
  // The <link> of each style sheet added, by URL.
  var sheets = {};
  var inits = {};
  var marked = null;

  function reveal() {
    var id = "";
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    var target = id ? document.getElementById(id) : null;
    if (marked) marked.classList.remove("dossier-target");
    marked = null;
    if (!target) return;
    var block = target.closest("p, li, blockquote, h1, h2, h3, h4, h5, h6") || target;
    block.classList.add("dossier-target");
    marked = block;
    window.requestAnimationFrame(function () { target.scrollIntoView(); });
  }

  // Load files one after the other (a script may need the one before it),
  // then call done.
  function load(urls, done) {
    if (!urls.length) { if (done) done(); return; }
    var url = BASE + urls[0];
    var next = function () { load(urls.slice(1), done); };
    // mkdocs-material's instant navigation takes the style sheets this
    // script added out of <head> when it swaps a page in: a map drawn
    // without Leaflet's CSS has its tiles strewn down the page. Such a
    // sheet is added again (from the cache). Scripts ran once and stay.
    if (files[url] === true && sheets[url] && !sheets[url].isConnected) files[url] = undefined;
    if (files[url] === true) { next(); return; }
    if (files[url]) { files[url].push(next); return; }
    files[url] = [next];
    var node;
    if (/\.css$/.test(url)) {
      node = document.createElement("link");
      node.rel = "stylesheet";
      node.href = url;
      sheets[url] = node;
    } else {
      node = document.createElement("script");
      node.src = url;
    }
    node.onload = function () {
      var waiting = files[url];
      files[url] = true;
      waiting.forEach(function (go) { go(); });
    };
    document.head.appendChild(node);
  }

  // Called by maps.js and graph.js once loaded: draws this page, and every page after.
  window.dossierRegister = function (kind, init) {
    inits[kind] = init;
    init();
  };

  function bring() {
    var found = document.querySelectorAll("[data-dossier-needs]");
    for (var i = 0; i < found.length; i++) {
      var kind = found[i].getAttribute("data-dossier-needs");
      if (!NEEDS.hasOwnProperty(kind)) continue;
      // Drawn again once its style sheets are (back) in place.
      if (inits[kind]) load(NEEDS[kind], inits[kind]);
      else if (!loading[kind]) { loading[kind] = true; load(NEEDS[kind]); }
    }
  }

  function label() {
    var tables = document.querySelectorAll(".md-typeset table, [role=main] table");
    for (var t = 0; t < tables.length; t++) {
      var heads = tables[t].querySelectorAll("thead th");
      if (!heads.length) continue;
      var rows = tables[t].querySelectorAll("tbody tr");
      for (var r = 0; r < rows.length; r++) {
        var cells = rows[r].children;
        for (var c = 0; c < cells.length && c < heads.length; c++) {
          if (!cells[c].hasAttribute("data-label")) {
            cells[c].setAttribute("data-label", heads[c].textContent.trim());
          }
        }
      }
    }
  }

  function centre() {
    var figures = document.querySelectorAll(".dossier-graph-figure");
    for (var i = 0; i < figures.length; i++) {
      var extra = figures[i].scrollWidth - figures[i].clientWidth;
      if (extra > 0) figures[i].scrollLeft = extra / 2;
    }
  }

  function page() {
    label();
    centre();
    bring();
    reveal();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(page);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", page);
  } else {
    page();
  }
  window.addEventListener("hashchange", reveal);
})();
