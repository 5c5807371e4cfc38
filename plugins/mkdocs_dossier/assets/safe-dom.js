/* The DOM helpers maps.js and graph.js share: the only way they make
 * elements from dossier text and put URLs from the data into links.
 * dossier.js loads this file before either (its NEEDS), on the pages that
 * draw a map or a graph only.
 *
 * Sinks (audited for issue 15; a new one must be listed here and must not be
 * an HTML one fed with data):
 *   - textContent of the elements el() makes: text, never parsed as HTML.
 *   - className: from the calling script's constants, never from data.
 *   - a.href: only through safeUrl(), which lets through relative and
 *     http(s) URLs after the browser's own URL parsing.
 */
(function () {
  "use strict";

  // Our URLs are relative paths. Judge them as the browser will read them
  // (it drops tabs, newlines and leading controls: "java\tscript:").
  function safeUrl(url) {
    try {
      var parsed = new URL(String(url), window.location.href);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : "#";
    } catch (e) {
      return "#";
    }
  }

  // An element with this text (set as text) and class.
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  // A link reading `text` to `url`, or to "#" when the URL is not http(s).
  function link(text, url) {
    var a = el("a", text);
    a.href = safeUrl(url);
    return a;
  }

  window.dossierDom = { safeUrl: safeUrl, el: el, link: link };
})();
