/* Maps of mkdocs-dossier.
 *
 * Each `.dossier-map` container is drawn from the JSON in its `data-map`
 * attribute (not a JSON <script>: mkdocs-material's instant navigation
 * re-creates scripts without their type and would run it). Text from the data is only ever
 * set with textContent, never parsed as HTML. dossier.js loads this file on
 * pages that have a map, and runs it again on every page of
 * mkdocs-material's instant navigation.
 *
 * Every sink this script reaches, and what it is given (audited for issue 15;
 * a new sink must be added here and must not be an HTML one fed with data):
 *   - bindTooltip(fn): a <span> whose text is set with textContent; Leaflet
 *     would parse a string as HTML, so no string is ever passed.
 *   - bindPopup(fn): a <div> built with createElement/textContent (popup()).
 *   - el() and link() of safe-dom.js (loaded before this file): textContent,
 *     and a.href only through its safeUrl(), which lets through relative
 *     and http(s) URLs after the browser's own URL parsing.
 *   - data-only (the Explore page's event keys): only compared with the
 *     markers' event keys, never put into the page.
 *   - setAttribute: data-keys, data-kind, data-zoom, data-markers, tabindex,
 *     role, aria-label (plain attributes, never on*, never href/src).
 *   - L.divIcon({html: ""}): a constant empty string; the count is set with
 *     textContent afterwards.
 *   - L.marker({title}): a number; Leaflet sets it as an attribute.
 *   - L.tileLayer({attribution}): Leaflet's attribution control inserts it as
 *     HTML. It comes from the site's mkdocs.yml (the tiles provider), never
 *     from dossier/.
 *   - JSON.parse of data-map: the data, never evaluated.
 *   - L.polyline / L.circleMarker of a spread marker's leg and true point:
 *     coordinates and constant styles, no text.
 */
(function () {
  "use strict";

  // Marker colours by kind of place; anything else is "other".
  var COLOURS = {
    continent: "#6a3d9a", country: "#1f78b4", region: "#33a02c", province: "#33a02c",
    district: "#e31a1c", city: "#ff7f00", town: "#ff7f00", commune: "#b15928",
    village: "#b15928", building: "#444444", other: "#777777"
  };
  var RADIUS = { country: 9, region: 8, province: 8, district: 7 };
  // Markers closer than this many pixels are grouped on the overview map.
  var CLUSTER_PX = 28;
  // On other maps, markers whose centres are closer than this (the widest
  // marker, 2 x 11 px, plus a gap) would cover each other: they are spread.
  var SPREAD_PX = 24;

  var dom = window.dossierDom;
  var el = dom.el;

  function link(item) {
    return dom.link(item.name, item.url);
  }

  // The popup of one or more places standing at (about) one point; labels:
  // the page's words in its language (the container's data-labels).
  function popup(items, labels) {
    var box = el("div", "", "dossier-popup");
    items.forEach(function (item) {
      var p = el("p");
      p.appendChild(link(item));
      // The kind of place, then where it is (the no-JS list's coordinates).
      var meta = item.kind_label + " · " + item.point +
        (item.approximate && labels.approximate ? " (" + labels.approximate + ")" : "");
      p.appendChild(el("span", meta, "dossier-popup-meta"));
      if (item.events.length) {
        var ul = el("ul");
        item.events.forEach(function (ev) {
          var li = el("li");
          if (ev.date) li.appendChild(document.createTextNode(ev.date + ": "));
          li.appendChild(link(ev));
          ul.appendChild(li);
        });
        p.appendChild(ul);
      }
      box.appendChild(p);
    });
    return box;
  }

  // Places at exactly one point (a district and the communes placed at it)
  // become one marker, so none hides another.
  function groupByPoint(markers) {
    var groups = {};
    var order = [];
    markers.forEach(function (m) {
      var id = m.lat.toFixed(5) + "," + m.lon.toFixed(5);
      if (!groups[id]) { groups[id] = []; order.push(id); }
      groups[id].push(m);
    });
    return order.map(function (id) { return groups[id]; });
  }

  // at: where the marker is drawn, when spread away from its true point.
  function circle(L, group, map, labels, at) {
    var first = group[0];
    var self = group.some(function (m) { return m.role === "self"; });
    var marker = L.circleMarker(at || [first.lat, first.lon], {
      radius: (RADIUS[first.kind] || 6) + (self ? 2 : 0),
      color: "#fff",
      weight: 2,
      fillColor: COLOURS[first.kind] || COLOURS.other,
      fillOpacity: first.approximate ? 0.45 : 0.9,
      dashArray: first.approximate ? "3 3" : null,
      className: "dossier-marker dossier-marker-" + (COLOURS[first.kind] ? first.kind : "other")
    });
    marker.bindPopup(function () { return popup(group, labels); }, popupOptions(map));
    var names = group.map(function (m) { return m.name; }).join(", ");
    // A node, not a string: Leaflet inserts a string tooltip as HTML.
    marker.bindTooltip(function () { return el("span", names); });
    marker.on("add", function () {
      var path = marker.getElement();
      if (!path) return;
      path.setAttribute("data-keys", group.map(function (m) { return m.key; }).join(" "));
      path.setAttribute("data-kind", first.kind);
      path.setAttribute("tabindex", "0");
      path.setAttribute("role", "button");
      path.setAttribute("aria-label", names);
      path.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); marker.openPopup(); }
      });
    });
    return marker;
  }

  // Popups never taller than most of their map: a long one scrolls, and
  // panning keeps it clear of the zoom buttons.
  function popupOptions(map) {
    var height = map ? map.getContainer().clientHeight : 320;
    return {
      maxHeight: Math.max(120, Math.round(height * 0.6)),
      autoPanPaddingTopLeft: [48, 12],
      autoPanPaddingBottomRight: [12, 12]
    };
  }

  // The places where the story happens: markers far from the others (a
  // foreign capital among Cambodian districts) would zoom the map out to the
  // world. Kept: those within 3x the median distance from the median point
  // (at least 300 km). The outliers stay on the map, a pan or zoom away.
  function storyBounds(L, markers) {
    function median(values) {
      var v = values.slice().sort(function (a, b) { return a - b; });
      return v[Math.floor(v.length / 2)];
    }
    var centre = L.latLng(
      median(markers.map(function (m) { return m.lat; })),
      median(markers.map(function (m) { return m.lon; }))
    );
    var far = markers.map(function (m) { return centre.distanceTo([m.lat, m.lon]); });
    var limit = Math.max(300000, 3 * median(far));
    var kept = markers.filter(function (m, i) { return far[i] <= limit; });
    return L.latLngBounds((kept.length ? kept : markers).map(function (m) { return [m.lat, m.lon]; }));
  }

  // The Explore page's date range sets data-only (the keys of the events in
  // it): then only the places where one of them happened keep a marker.
  function kept(container, markers) {
    var only = container.getAttribute("data-only");
    if (only === null) return markers;
    var keep = {};
    only.split(" ").forEach(function (key) { if (key) keep[key] = true; });
    return markers.filter(function (m) {
      return m.events.some(function (ev) { return keep[ev.key] === true; });
    });
  }

  // Overview declutter: groups of points closer than CLUSTER_PX at the current
  // zoom are shown as one numbered marker; zooming in splits them. Returns
  // the redraw, for when the groups (groups()) change.
  function clustered(L, map, groups, layer, labels) {
    function redraw() {
      layer.clearLayers();
      var cells = [];
      groups().forEach(function (group) {
        var pt = map.latLngToLayerPoint([group[0].lat, group[0].lon]);
        var home = null;
        for (var i = 0; i < cells.length; i++) {
          if (cells[i].pt.distanceTo(pt) < CLUSTER_PX) { home = cells[i]; break; }
        }
        if (home) home.groups.push(group); else cells.push({ pt: pt, groups: [group] });
      });
      cells.forEach(function (cell) {
        if (cell.groups.length === 1) { layer.addLayer(circle(L, cell.groups[0], map, labels)); return; }
        var all = [].concat.apply([], cell.groups);
        var bounds = L.latLngBounds(all.map(function (m) { return [m.lat, m.lon]; }));
        var icon = L.divIcon({ className: "dossier-cluster", iconSize: [30, 30], html: "" });
        var count = String(all.length);
        var title = labels.places ? labels.places.replace("{n}", count) : count;
        var marker = L.marker(bounds.getCenter(), { icon: icon, keyboard: true, title: title });
        marker.on("add", function () {
          var node = marker.getElement();
          node.textContent = String(all.length);
          node.setAttribute("data-keys", all.map(function (m) { return m.key; }).join(" "));
        });
        // A click splits the cluster: the map zooms to its places. Only
        // where zooming cannot part them any more does it list them.
        marker.bindPopup(function () { return popup(all, labels); }, popupOptions(map));
        marker.off("click", marker._openPopup, marker);
        marker.on("click keypress", function (e) {
          if (e.type === "keypress" && e.originalEvent.key !== "Enter") return;
          if (map.getBoundsZoom(bounds.pad(0.3)) > map.getZoom() && map.getZoom() < map.getMaxZoom()) {
            map.fitBounds(bounds.pad(0.3));
          } else {
            marker.openPopup();
          }
        });
        layer.addLayer(marker);
      });
    }
    map.on("zoomend", redraw);
    return redraw;
  }

  // Markers that would cover each other at the current zoom (a country, its
  // province and a district, seen from afar) are drawn on a small ring around
  // the middle of their points, each with a thin leg to its true point, so
  // every one can be clicked; zooming in, they part and go back to their
  // points. Groups are those of groupByPoint (one marker each).
  function spread(L, map, groups, layer, labels) {
    var pts = groups.map(function (g) { return map.latLngToLayerPoint([g[0].lat, g[0].lon]); });
    // Markers joined by overlaps, found by union-find: a chain of markers
    // each covering the next is one ring.
    var parent = pts.map(function (p, i) { return i; });
    function root(i) { while (parent[i] !== i) { parent[i] = parent[parent[i]]; i = parent[i]; } return i; }
    for (var i = 0; i < pts.length; i++) {
      for (var j = i + 1; j < pts.length; j++) {
        if (pts[i].distanceTo(pts[j]) < SPREAD_PX) parent[root(j)] = root(i);
      }
    }
    var rings = {};
    pts.forEach(function (p, k) { (rings[root(k)] = rings[root(k)] || []).push(k); });
    Object.keys(rings).forEach(function (id) {
      var ring = rings[id];
      if (ring.length === 1) {
        layer.addLayer(circle(L, groups[ring[0]], map, labels));
        return;
      }
      var centre = ring.reduce(function (c, k) { return c.add(pts[k]); }, L.point(0, 0))
        .divideBy(ring.length);
      // Far enough apart that neighbours on the ring do not touch.
      var radius = Math.max(SPREAD_PX * 0.75, SPREAD_PX / (2 * Math.sin(Math.PI / ring.length)));
      // Round the ring in the order of their directions from the middle,
      // so the spread keeps west west and north north where it can.
      function angle(k) { var d = pts[k].subtract(centre); return d.x || d.y ? Math.atan2(d.y, d.x) : 0; }
      ring.sort(function (a, b) { return angle(a) - angle(b) || a - b; });
      var start = angle(ring[0]);
      ring.forEach(function (k, n) {
        var a = start + 2 * Math.PI * n / ring.length;
        var at = map.layerPointToLatLng(centre.add(L.point(Math.cos(a) * radius, Math.sin(a) * radius)));
        var truth = map.layerPointToLatLng(pts[k]);
        layer.addLayer(L.polyline([truth, at], {
          color: "#333", weight: 1, opacity: 0.7, interactive: false, className: "dossier-marker-leg"
        }));
        layer.addLayer(L.circleMarker(truth, {
          radius: 2, stroke: false, fillColor: "#333", fillOpacity: 0.8, interactive: false
        }));
        layer.addLayer(circle(L, groups[k], map, labels, at));
      });
    });
  }

  function draw(container) {
    if (container.getAttribute("data-ready") || typeof window.L === "undefined") return;
    var data;
    var labels;
    try {
      data = JSON.parse(container.getAttribute("data-map") || "");
      labels = JSON.parse(container.getAttribute("data-labels") || "{}");
    } catch (e) { return; }
    if (!data.markers || !data.markers.length) return;
    var L = window.L;
    container.hidden = false;
    container.setAttribute("data-ready", "true");
    // On a touch screen one finger scrolls the page (no dragging: the page
    // would be stuck under a 600px map); two fingers pinch-zoom and move it.
    var touch = !!L.Browser.touch && window.matchMedia("(pointer: coarse)").matches;
    // A popup's close button is a link to "#close": the click must not reach
    // mkdocs-material's instant navigation, which would load the page again
    // at ".../#close" (and drop Leaflet's style sheet). Leaflet has closed
    // the popup by the time the click bubbles up to the map.
    container.addEventListener("click", function (e) {
      if (e.target.closest && e.target.closest(".leaflet-popup-close-button")) {
        e.preventDefault();
        e.stopPropagation();
      }
    });
    var map = L.map(container, {
      scrollWheelZoom: false,
      worldCopyJump: true,
      dragging: !touch,
      tap: false
    });
    if (touch) {
      // A tap on the map lets one finger move it, until a touch elsewhere.
      container.setAttribute("data-touch", "scrolls-page");
      map.on("click", function () {
        map.dragging.enable();
        container.setAttribute("data-touch", "moves-map");
      });
      document.addEventListener("touchstart", function (e) {
        if (!container.contains(e.target) && map.dragging.enabled()) {
          map.dragging.disable();
          container.setAttribute("data-touch", "scrolls-page");
        }
      }, { passive: true });
    }
    if (data.tiles) {
      L.tileLayer(data.tiles.url, {
        attribution: data.tiles.attribution,
        maxZoom: data.tiles.max_zoom
      }).addTo(map);
    }
    // The view that fits these markers (where the story happens among them).
    function frame(markers, options) {
      var bounds = storyBounds(L, markers);
      if (markers.length === 1 || bounds.getNorthEast().equals(bounds.getSouthWest())) {
        map.setView(bounds.getCenter(), markers[0].precision === "country" ? 5 : 9, options);
      } else {
        map.fitBounds(bounds.pad(0.2), L.extend({ maxZoom: 11 }, options));
      }
    }
    frame(data.markers);
    var layer = L.layerGroup().addTo(map);
    var groups = [];
    var redraw = data.cluster ? clustered(L, map, function () { return groups; }, layer, labels) : function () {
      layer.clearLayers();
      spread(L, map, groups, layer, labels);
    };
    if (!data.cluster) map.on("zoomend", redraw);
    // The zoom the map is at, for whoever reads the page (a plain number).
    map.on("zoomend", function () { container.setAttribute("data-zoom", String(map.getZoom())); });
    container.setAttribute("data-zoom", String(map.getZoom()));
    function fill(event) {
      var shown = kept(container, data.markers);
      groups = groupByPoint(shown);
      // The Explore page's range changed: the map frames the places still
      // shown (the story's places when none is), at once, not animated, as
      // the range may move on at every keystroke.
      if (event) frame(shown.length ? shown : data.markers, { animate: false });
      redraw();
      container.setAttribute("data-markers", String(groups.length));
    }
    fill();
    container.addEventListener("dossier-only", fill);
    // The drawn map shows what the list says: the list is for readers without it.
    var block = container.closest(".dossier-map-block");
    var list = block && block.querySelector(".dossier-map-fallback");
    if (list) list.hidden = true;
  }

  function init() {
    var maps = document.querySelectorAll(".dossier-map");
    for (var i = 0; i < maps.length; i++) draw(maps[i]);
  }

  // dossier.js loads this file on pages with a map and calls init on each
  // page shown after (mkdocs-material's instant navigation).
  if (typeof window.dossierRegister === "function") {
    window.dossierRegister("map", init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
