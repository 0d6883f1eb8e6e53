// The search page: Pagefind's own UI over the index written at build time (landhub_search).
// Started from this file, not inline. Everything it loads comes from this site's /pagefind/.
(function () {
  "use strict";

  var box = document.getElementById("search");
  if (!box || typeof window.PagefindUI !== "function") {
    return;
  }

  // Pagefind's words come from theme/strings/da.yaml, put on the element by search.html.
  var translations = {};
  try {
    translations = JSON.parse(box.getAttribute("data-translations") || "{}");
  } catch (error) {
    translations = {};
  }

  var ui = new window.PagefindUI({
    element: "#search",
    bundlePath: box.getAttribute("data-bundle"),
    showSubResults: true,
    showImages: false,
    translations: translations
  });

  // The header's search box on every page is a plain form that sends ?q= here.
  var query = new URLSearchParams(window.location.search).get("q");
  if (query && query.trim()) {
    var field = document.getElementById("site-search-q");
    if (field) {
      field.value = query;
    }
    ui.triggerSearch(query.trim());
  }
})();
