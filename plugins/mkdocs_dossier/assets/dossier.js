/* mkdocs-dossier: bring the paragraph a backlink or citation points to into view.
 *
 * With mkdocs-material's instant navigation the new page is swapped in by
 * script and the browser often keeps the previous page's scroll position, so
 * a reader following "¶ 5" from a person page landed anywhere in the article.
 * After every page swap (document$), and on plain page loads and hash
 * changes in other themes, the element named by the URL's fragment is
 * scrolled into view and marked, since :target does not follow pushState.
 *
 * Sinks (audited for issue 15): none that parses HTML. The fragment is only
 * looked up with getElementById and the found block gets a class; no text
 * of the page or of the URL is ever written into the document.
 */
(function () {
  "use strict";

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

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(reveal);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", reveal);
  } else {
    reveal();
  }
  window.addEventListener("hashchange", reveal);
})();
