/* The interactive relationship graph of mkdocs-dossier, drawn with Cytoscape.js.
 *
 * Each `.dossier-graph-canvas` is drawn from the JSON in its `data-graph`
 * attribute (site/graph.py GraphViews.browser_data: nodes with positions laid
 * out in Python, edges by node index). dossier.js loads Cytoscape and this
 * file on pages that draw a graph only, and calls init again on every page of
 * mkdocs-material's instant navigation.
 *
 * What a reader can do: drag to pan, wheel, pinch or the buttons to zoom;
 * point at a node (or tap it) to focus it: its neighbours are highlighted,
 * the rest dimmed, and its connections listed under the graph; click it (or
 * tap it again) to open its page; find a node by name. Labels are painted at
 * LABEL_PX on screen whatever the zoom, and only as many as fit without
 * overlapping (the focused node's and its neighbours' first), so no label
 * is ever smaller than 12 px and none hides another.
 *
 * The Explore page filters the graph: it sets `data-only` on the canvas (the
 * event keys in its date range) and dispatches `dossier-only`; the graph then
 * shows those events and what took part in them or where they happened.
 *
 * Sinks (audited like maps.js; a new one must be listed here and must not be
 * an HTML one fed with data):
 *   - Cytoscape labels (data(name)): painted on a canvas, never parsed.
 *   - textContent of the panel's and status's elements, option.value of the
 *     datalist: text, never HTML.
 *   - el(), link() and safeUrl() of safe-dom.js (loaded before this file):
 *     textContent, and a.href and location.assign only through safeUrl()
 *     (relative or http(s) after the browser's own URL parsing).
 *   - setAttribute: data-ready, data-nodes, data-focus (plain attributes).
 *   - JSON.parse of data-graph: the data, never evaluated.
 */
(function () {
  "use strict";

  // Shapes and colours by type, as on the entity pages' drawings (graph.py
  // NODE_STYLE): shapes differ as well as colours.
  var SHAPES = {
    person: "ellipse", party: "round-rectangle", organization: "diamond",
    event: "triangle", place: "hexagon"
  };
  var COLOURS = {
    person: "#1f77b4", party: "#d62728", organization: "#2ca02c",
    event: "#ff7f0e", place: "#7f7f7f"
  };
  var ORDER = ["person", "party", "organization", "event", "place"];
  // Every label is this big on screen (px), and wraps at WRAP_PX.
  var LABEL_PX = 13;
  var WRAP_PX = 150;
  // Nodes are drawn at least this big on screen (px), whatever the zoom.
  var NODE_PX = 12;
  // At most this many labels at once: beyond it, a view is a blur of text.
  var MAX_LABELS = 250;
  // Graphs this big trade detail for speed while the view moves.
  var BIG = 1500;
  // Labels tried per view, most connected first: measuring every name of a
  // 5,000-node graph would cost more than the few that fit are worth.
  var MAX_TRIES = 1500;
  var PADDING = 24;
  var drawn = [];
  // Where a label may go, in order of preference: below, above, right, left.
  var SIDES = ["at-b", "at-t", "at-r", "at-l"];

  var dom = window.dossierDom;
  var el = dom.el;
  var safeUrl = dom.safeUrl;

  function backgroundOf(node) {
    for (var n = node; n && n.nodeType === 1; n = n.parentElement) {
      var bg = getComputedStyle(n).backgroundColor;
      if (bg && bg !== "transparent" && !/rgba\(.*,\s*0\)$/.test(bg)) return bg;
    }
    return "#ffffff";
  }

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  // The stylesheet at zoom z: sizes in the graph's units, so that on screen
  // labels are LABEL_PX and nodes at least NODE_PX.
  function styles(z, ink, paper, font) {
    var node = Math.max(16, NODE_PX / z);
    return [
      {
        selector: "node",
        style: {
          "background-color": "data(colour)",
          shape: "data(shape)",
          width: node,
          height: node,
          "border-width": node / 10,
          "border-color": paper,
          label: ""
        }
      },
      {
        selector: "node.labelled",
        style: {
          label: "data(name)",
          color: ink,
          "font-family": font,
          "font-size": LABEL_PX / z,
          "min-zoomed-font-size": 12,

          "text-wrap": "wrap",
          "text-max-width": WRAP_PX / z,
          "text-background-color": paper,
          "text-background-opacity": 0.85,
          "text-background-padding": 1 / z,
          // Above the other nodes, which would otherwise paint over it.
          "z-index": 10
        }
      },
      {
        selector: "edge",
        style: {
          width: Math.max(1, 1.2 / z),
          "line-color": ink,
          opacity: 0.3,
          "curve-style": "haystack"
        }
      },
      { selector: "node.at-b", style: { "text-valign": "bottom", "text-halign": "center", "text-margin-y": 2 / z } },
      { selector: "node.at-t", style: { "text-valign": "top", "text-halign": "center", "text-margin-y": -2 / z } },
      { selector: "node.at-r", style: { "text-valign": "center", "text-halign": "right", "text-margin-x": 2 / z } },
      { selector: "node.at-l", style: { "text-valign": "center", "text-halign": "left", "text-margin-x": -2 / z } },
      { selector: ".faded", style: { opacity: 0.12 } },
      { selector: "edge.near", style: { opacity: 0.85, width: Math.max(2, 2 / z) } },
      {
        selector: "node.focus",
        style: {
          width: node * 1.6,
          height: node * 1.6,
          "border-color": ink,
          "border-width": 2.5 / z,
          "font-weight": "bold",
          "z-index": 20
        }
      },
      { selector: ".hidden", style: { display: "none" } }
    ];
  }

  // The zoom and pan that show every node with PADDING around (as
  // Cytoscape's fit does), clamped to the zoom range used below.
  function fitted(nodes, width, height) {
    var x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
    nodes.forEach(function (n) {
      x1 = Math.min(x1, n.x); x2 = Math.max(x2, n.x);
      y1 = Math.min(y1, n.y); y2 = Math.max(y2, n.y);
    });
    var w = Math.max(x2 - x1, 1), h = Math.max(y2 - y1, 1);
    var zoom = Math.min((width - 2 * PADDING) / w, (height - 2 * PADDING) / h);
    zoom = Math.max(0.01, Math.min(zoom, 2));
    return {
      zoom: zoom,
      pan: { x: width / 2 - zoom * (x1 + x2) / 2, y: height / 2 - zoom * (y1 + y2) / 2 }
    };
  }

  function Graph(container, data) {
    var block = container.closest(".dossier-graph-block") || container.parentNode;
    var tools = block.querySelector(".dossier-graph-tools");
    var panel = block.querySelector(".dossier-graph-focus");
    var legend = block.querySelector(".dossier-graph-legend");
    var status = block.querySelector(".dossier-graph-status");
    var find = block.querySelector(".dossier-graph-find");
    var typeNames = {};
    if (legend) {
      legend.querySelectorAll("li[data-type]").forEach(function (li) {
        typeNames[li.getAttribute("data-type")] = li.textContent.trim();
      });
      legend.hidden = false;
    }
    [tools, panel].forEach(function (part) { if (part) part.hidden = false; });
    container.hidden = false;

    var style = getComputedStyle(container);
    var ink = style.color || "#222";
    var paper = backgroundOf(container);
    var font = style.fontFamily || "sans-serif";
    var big = data.nodes.length > BIG;
    var start = fitted(data.nodes, container.clientWidth, container.clientHeight);

    var elements = [];
    data.nodes.forEach(function (n) {
      elements.push({
        group: "nodes",
        data: {
          id: n.id, name: n.name, type: n.type, url: n.url, degree: n.degree,
          colour: COLOURS[n.type] || COLOURS.place, shape: SHAPES[n.type] || "ellipse"
        },
        position: { x: n.x, y: n.y }
      });
    });
    data.edges.forEach(function (e, i) {
      elements.push({
        group: "edges",
        data: { id: "e" + i, source: data.nodes[e[0]].id, target: data.nodes[e[1]].id, label: e[2] }
      });
    });

    var cy = window.cytoscape({
      container: container,
      elements: elements,
      // The view that fits, worked out here: the style can then be made for
      // its zoom at once, not once more after Cytoscape fits (a second pass
      // over every element, a quarter of a second at 5,000 nodes).
      layout: { name: "preset", fit: false },
      zoom: start.zoom,
      pan: start.pan,
      style: styles(start.zoom, ink, paper, font),
      minZoom: 0.01,
      maxZoom: 4,
      boxSelectionEnabled: false,
      autoungrabify: true,
      autounselectify: true,
      textureOnViewport: big,
      hideEdgesOnViewport: big,
      pixelRatio: big ? 1 : "auto"
    });
    var styledZoom = start.zoom;
    var focused = null;
    var labelled = cy.collection();
    // Nodes by how much they say about the story: most connected first.
    var ranked = cy.nodes().sort(function (a, b) {
      return b.data("degree") - a.data("degree") || (a.data("name") < b.data("name") ? -1 : 1);
    });
    var measure = document.createElement("canvas").getContext("2d");
    measure.font = LABEL_PX + "px " + font;
    var sizes = {};

    // The label's box on screen: its wrapped lines' width and height.
    function labelSize(node) {
      var id = node.id();
      if (sizes[id]) return sizes[id];
      var words = String(node.data("name")).split(/\s+/);
      var lines = 1, line = 0, widest = 0, space = measure.measureText(" ").width;
      words.forEach(function (word) {
        var w = measure.measureText(word).width;
        if (line && line + space + w > WRAP_PX) { lines += 1; line = w; }
        else line = line ? line + space + w : w;
        widest = Math.max(widest, Math.min(line, WRAP_PX));
      });
      sizes[id] = { w: widest + 4, h: lines * LABEL_PX * 1.25 + 2 };
      return sizes[id];
    }

    function restyle() {
      var z = cy.zoom();
      if (styledZoom !== null && Math.abs(z / styledZoom - 1) < 0.02) return;
      styledZoom = z;
      cy.style().fromJson(styles(z, ink, paper, font)).update();
    }

    // Which labels to paint: the focused node's, its neighbours', then the
    // most connected nodes', each where it overlaps no label placed before.
    function relabel() {
      restyle();
      var width = container.clientWidth, height = container.clientHeight;
      var cell = 120, grid = {}, chosen = [], sides = {}, tries = 0;
      var radius = Math.max(NODE_PX, 16 * cy.zoom()) / 2;
      function place(box) {
        for (var gx = Math.floor(box.x1 / cell); gx <= Math.floor(box.x2 / cell); gx++) {
          for (var gy = Math.floor(box.y1 / cell); gy <= Math.floor(box.y2 / cell); gy++) {
            (grid[gx + ":" + gy] = grid[gx + ":" + gy] || []).push(box);
          }
        }
      }
      function fits(box) {
        var hit = false;
        for (var gx = Math.floor(box.x1 / cell); gx <= Math.floor(box.x2 / cell) && !hit; gx++) {
          for (var gy = Math.floor(box.y1 / cell); gy <= Math.floor(box.y2 / cell) && !hit; gy++) {
            (grid[gx + ":" + gy] || []).forEach(function (o) {
              if (box.x1 < o.x2 && o.x1 < box.x2 && box.y1 < o.y2 && o.y1 < box.y2) hit = true;
            });
          }
        }
        if (hit) return false;
        place(box);
        return true;
      }
      function onScreen(p) {
        return p.x > -WRAP_PX && p.y > -40 && p.x < width + WRAP_PX && p.y < height + 40;
      }
      // Nodes are obstacles too: a label's background would hide them.
      cy.nodes().forEach(function (node) {
        if (node.hasClass("hidden") || node.hasClass("faded")) return;
        var p = node.renderedPosition();
        if (!onScreen(p)) return;
        var r = radius * (node.hasClass("focus") ? 1.6 : 1);
        place({ x1: p.x - r, x2: p.x + r, y1: p.y - r, y2: p.y + r });
      });
      function consider(node) {
        if (chosen.length >= MAX_LABELS || tries >= MAX_TRIES) return;
        if (node.hasClass("hidden") || node.hasClass("faded")) return;
        var p = node.renderedPosition();
        if (!onScreen(p)) return;
        tries += 1;
        var size = labelSize(node);
        var r = radius * (node.hasClass("focus") ? 1.6 : 1) + 2;
        var w = size.w, h = size.h;
        // Below, above, right, left of the node: the first place that is
        // free and inside the view.
        var boxes = {
          "at-b": { x1: p.x - w / 2, x2: p.x + w / 2, y1: p.y + r, y2: p.y + r + h },
          "at-t": { x1: p.x - w / 2, x2: p.x + w / 2, y1: p.y - r - h, y2: p.y - r },
          "at-r": { x1: p.x + r, x2: p.x + r + w, y1: p.y - h / 2, y2: p.y + h / 2 },
          "at-l": { x1: p.x - r - w, x2: p.x - r, y1: p.y - h / 2, y2: p.y + h / 2 }
        };
        for (var i = 0; i < SIDES.length; i++) {
          var box = boxes[SIDES[i]];
          if (box.x1 < 2 || box.y1 < 2 || box.x2 > width - 2 || box.y2 > height - 2) continue;
          if (fits(box)) { chosen.push(node); sides[node.id()] = SIDES[i]; return; }
        }
      }
      if (focused) {
        consider(focused);
        focused.neighborhood("node").sort(function (a, b) {
          return b.data("degree") - a.data("degree");
        }).forEach(consider);
      }
      ranked.forEach(function (node) {
        if (!node.hasClass("near") && !node.hasClass("focus")) consider(node);
      });
      var next = cy.collection(chosen);
      cy.batch(function () {
        labelled.difference(next).removeClass("labelled " + SIDES.join(" "));
        next.forEach(function (node) {
          node.removeClass(SIDES.join(" ")).addClass("labelled " + sides[node.id()]);
        });
      });
      labelled = next;
    }

    var timer = null;
    function later() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(function () { timer = null; relabel(); }, 90);
    }

    function typeName(node) {
      return typeNames[node.data("type")] || node.data("type");
    }

    function link(node) {
      return dom.link(node.data("name"), node.data("url"));
    }

    // The focused node's connections as a list under the graph: on a phone
    // the part of the graph a reader can actually read and tap.
    function showPanel(node) {
      if (!panel) return;
      var head = panel.querySelector(".dossier-graph-focus-head");
      var list = panel.querySelector(".dossier-graph-focus-list");
      var hint = panel.querySelector(".dossier-graph-hint");
      list.textContent = "";
      if (!node) {
        head.hidden = true;
        if (hint) hint.hidden = false;
        return;
      }
      if (hint) hint.hidden = true;
      head.hidden = false;
      var a = head.querySelector("a");
      a.textContent = node.data("name");
      a.href = safeUrl(node.data("url"));
      head.querySelector(".dossier-graph-focus-type").textContent = "(" + typeName(node) + ")";
      var items = node.connectedEdges().filter(function (e) { return !e.hasClass("hidden"); })
        .map(function (e) {
          var other = e.source().same(node) ? e.target() : e.source();
          return { node: other, label: e.data("label") };
        });
      items.sort(function (x, y) {
        var tx = ORDER.indexOf(x.node.data("type")), ty = ORDER.indexOf(y.node.data("type"));
        return tx - ty || x.node.data("name").localeCompare(y.node.data("name"));
      });
      items.forEach(function (item) {
        var li = el("li");
        li.appendChild(link(item.node));
        li.appendChild(el("span", " (" + typeName(item.node) + ") — " + item.label, "dossier-graph-relation"));
        list.appendChild(li);
      });
    }

    function focus(node) {
      if (focused && focused.same(node)) return;
      focused = node;
      cy.batch(function () {
        cy.elements().removeClass("focus near").addClass("faded");
        var hood = node.closedNeighborhood();
        hood.removeClass("faded").addClass("near");
        node.removeClass("near").addClass("focus");
      });
      container.setAttribute("data-focus", node.id());
      showPanel(node);
      relabel();
    }

    function unfocus() {
      if (!focused) return;
      focused = null;
      cy.elements().removeClass("focus near faded");
      container.removeAttribute("data-focus");
      showPanel(null);
      relabel();
    }

    function open(node) {
      var url = safeUrl(node.data("url"));
      if (url !== "#") window.location.assign(url);
    }

    function visible() {
      return cy.elements().filter(function (e) { return !e.hasClass("hidden"); });
    }

    function fitAll() {
      cy.fit(visible(), PADDING);
      relabel();
    }

    // The Explore page's date range: data-only lists the events to show.
    function applyOnly() {
      var only = container.getAttribute("data-only");
      cy.batch(function () {
        if (only === null) {
          cy.elements().removeClass("hidden");
          return;
        }
        var keep = {};
        only.split(" ").forEach(function (key) { if (key) keep[key] = true; });
        var events = cy.nodes().filter(function (n) { return keep[n.id()] === true; });
        var shown = events.union(events.neighborhood("node").filter(function (n) {
          return n.data("type") !== "event";
        }));
        cy.elements().addClass("hidden");
        shown.removeClass("hidden");
        shown.edgesWith(shown).removeClass("hidden");
      });
      if (focused && focused.hasClass("hidden")) unfocus();
      container.setAttribute("data-nodes", String(cy.nodes().filter(function (n) {
        return !n.hasClass("hidden");
      }).length));
      fitAll();
    }

    function zoomBy(factor) {
      var level = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), cy.zoom() * factor));
      cy.zoom({ level: level, renderedPosition: { x: container.clientWidth / 2, y: container.clientHeight / 2 } });
    }

    function search() {
      var query = find.value.trim().toLocaleLowerCase();
      if (!query) return;
      var nodes = visible().nodes();
      var exact = nodes.filter(function (n) { return n.data("name").toLocaleLowerCase() === query; });
      var found = exact.length ? exact : nodes.filter(function (n) {
        return n.data("name").toLocaleLowerCase().indexOf(query) >= 0;
      });
      if (!found.length) {
        if (status) status.textContent = status.getAttribute("data-none") || "";
        return;
      }
      if (status) status.textContent = "";
      var node = found.sort(function (a, b) { return b.data("degree") - a.data("degree"); })[0];
      focus(node);
      cy.animate({
        center: { eles: node },
        zoom: Math.max(cy.zoom(), 1)
      }, { duration: reducedMotion() ? 0 : 250, complete: relabel });
    }

    // A mouse points before it clicks, so a click opens the page of the node
    // it has focused; a finger's first tap focuses, its second opens.
    cy.on("mouseover", "node", function (e) { focus(e.target); });
    cy.on("tap", "node", function (e) {
      if (focused && focused.same(e.target)) open(e.target);
      else focus(e.target);
    });
    cy.on("tap", function (e) { if (e.target === cy) unfocus(); });
    cy.on("viewport", later);
    cy.on("resize", later);

    if (find) {
      var names = block.querySelector("datalist");
      if (names) {
        var seen = {};
        ranked.forEach(function (n) {
          var name = n.data("name");
          if (seen[name]) return;
          seen[name] = true;
          var option = document.createElement("option");
          option.value = name;
          names.appendChild(option);
        });
      }
      find.addEventListener("change", search);
      find.addEventListener("keydown", function (e) {
        if (e.key === "Enter") { e.preventDefault(); search(); }
      });
    }
    var zoomIn = block.querySelector(".dossier-graph-zoom-in");
    var zoomOut = block.querySelector(".dossier-graph-zoom-out");
    var all = block.querySelector(".dossier-graph-all");
    if (zoomIn) zoomIn.addEventListener("click", function () { zoomBy(1.5); });
    if (zoomOut) zoomOut.addEventListener("click", function () { zoomBy(1 / 1.5); });
    if (all) all.addEventListener("click", function () { unfocus(); fitAll(); });
    container.addEventListener("dossier-only", applyOnly);

    showPanel(null);
    if (container.hasAttribute("data-only")) applyOnly();
    else {
      container.setAttribute("data-nodes", String(data.nodes.length));
      relabel();
    }
    // For the page's other scripts (Explore) and the browser tests.
    container.dossierGraph = cy;
    container.setAttribute("data-ready", "true");
    return cy;
  }

  function draw(container) {
    if (container.getAttribute("data-ready") || typeof window.cytoscape !== "function") return;
    var data;
    try { data = JSON.parse(container.getAttribute("data-graph") || ""); } catch (e) { return; }
    if (!data.nodes || !data.nodes.length) return;
    drawn.push({ container: container, cy: Graph(container, data) });
  }

  function init() {
    // Graphs of pages left by instant navigation: let Cytoscape let go.
    drawn = drawn.filter(function (d) {
      if (document.contains(d.container)) return true;
      d.cy.destroy();
      return false;
    });
    var found = document.querySelectorAll(".dossier-graph-canvas");
    for (var i = 0; i < found.length; i++) draw(found[i]);
  }

  if (typeof window.dossierRegister === "function") {
    window.dossierRegister("graph", init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
