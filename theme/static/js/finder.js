/* Landhub finder (/find/): the nearest spaces to a place, filtered, in a list and on the map.
 *
 * Data: /spaces.json (read by spaces-data.js; "hours" is the weekly open intervals from the
 * build) and /find/towns.json (Danish towns from GeoNames). Everything happens here in the
 * browser: no request carries the visitor's position or search anywhere.
 * State lives in the address (?near=Klitmøller or ?lat=&lon=, plus the filters), so the same
 * address gives the same list. Text from a space file only ever reaches the page through
 * textContent and DOM properties, never as HTML.
 *
 * The first half is plain functions (window.LandhubFinder, used by the tests and the bench);
 * the second half wires them to the page.
 */
(function () {
  "use strict";

  // ---- Folding: the same key as fold() in plugins/landhub_spaces/slugs.py ----------------
  // Python: NFC, æ/ø/å written out as ae/oe/aa, unidecode, lower case, every run of other
  // characters one space. Here unidecode is the accents stripped (NFD) plus the few Latin
  // letters that do not decompose; tests check both agree on every Danish town name.
  var DANISH = { "æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa" };
  var UNDECOMPOSABLE = {
    "ß": "ss", "ẞ": "Ss", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ł": "l", "Ł": "L",
    "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ı": "i", "ŋ": "ng", "Ŋ": "Ng", "ħ": "h",
    "Ħ": "H", "ŧ": "t", "Ŧ": "T", "ĸ": "q", "ſ": "s"
  };

  function fold(text) {
    var s = String(text).normalize("NFC").replace(/[æøåÆØÅ]/g, function (c) { return DANISH[c]; });
    s = s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    s = s.replace(/[^\u0000-\u007f]/g, function (c) { return UNDECOMPOSABLE[c] || " "; });
    return s.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  }

  /* Looser still, for what people type without Danish letters: "Nexo", "Abenra", "Sor". */
  function loose(folded) {
    return folded.replace(/aa/g, "a").replace(/oe/g, "o").replace(/ae/g, "a");
  }

  // ---- Distance -----------------------------------------------------------------------
  var EARTH_KM = 6371.0088;  // as plugins/landhub_spaces/geography.py
  var RAD = Math.PI / 180;

  function distanceKm(lat1, lon1, lat2, lon2) {
    var p1 = lat1 * RAD, p2 = lat2 * RAD;
    var dp = p2 - p1, dl = (lon2 - lon1) * RAD;
    var a = Math.sin(dp / 2) * Math.sin(dp / 2) +
            Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return 2 * EARTH_KM * Math.asin(Math.sqrt(Math.min(1, a)));
  }

  /* "12,3 km": one decimal, Danish decimal comma (no thousands: Denmark is not that wide). */
  function formatKm(km) {
    return (Math.round(km * 10) / 10).toFixed(1).replace(".", ",");
  }

  function formatKroner(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  // ---- Data -----------------------------------------------------------------------------
  function columns(doc, needed) {
    var index = {};
    doc.columns.forEach(function (name, i) { index[name] = i; });
    needed.forEach(function (name) {
      if (!(name in index)) { throw new Error("missing column " + name); }
    });
    return index;
  }

  function finiteNumber(value) {
    return typeof value === "number" && isFinite(value);
  }

  /* spaces.json (read by spaces-data.js) -> the spaces a visitor can go to (status open),
   * each with an amenity bit mask over this page's amenityKeys and its latitude in radians,
   * so filtering and ranking are plain arithmetic. */
  function readSpaces(doc, amenityKeys) {
    var bit = {};
    amenityKeys.forEach(function (key, i) { bit[key] = 1 << i; });
    var spaces = [];
    window.LandhubSpacesData.read(doc).forEach(function (space) {
      if (space.status !== "open" || !finiteNumber(space.lat) || !finiteNumber(space.lon)) {
        return;
      }
      var mask = 0;
      space.amenities.forEach(function (key) { mask |= bit[key] || 0; });
      spaces.push({
        slug: String(space.slug),
        name: String(space.name),
        town: space.town ? String(space.town) : "",
        region: String(space.region),
        lat: space.lat,
        lon: space.lon,
        phi: space.lat * RAD,
        cosPhi: Math.cos(space.lat * RAD),
        url: space.url,
        dayPass: finiteNumber(space.day_pass) ? space.day_pass : null,
        amenities: amenityKeys.filter(function (key, i) { return mask & (1 << i); }),
        mask: mask,
        openingHours: space.opening_hours ? String(space.opening_hours) : "",
        hours: Array.isArray(space.hours) ? space.hours : null
      });
    });
    return spaces;
  }

  /* Each space's place in Danish alphabetical order (æ, ø, å last), worked out once, when
   * first needed: only a list without a place to measure from is in name order. */
  function nameOrder(spaces) {
    if (!spaces.nameOrder) {
      var collator = new Intl.Collator("da");
      var order = new Uint32Array(spaces.length);
      spaces.map(function (space, i) { return i; }).sort(function (a, b) {
        return collator.compare(spaces[a].name, spaces[b].name) || bySlug(spaces[a], spaces[b]);
      }).forEach(function (index, place) { order[index] = place; });
      spaces.nameOrder = order;
    }
    return spaces.nameOrder;
  }

  function bySlug(a, b) {
    return a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0;
  }

  function readTowns(doc) {
    var col = columns(doc, ["name", "lat", "lon"]);
    return doc.rows.map(function (row) {
      var key = fold(row[col.name]);
      return { name: String(row[col.name]), lat: row[col.lat], lon: row[col.lon],
               key: key, looseKey: loose(key) };
    });
  }

  // ---- Filters and ranking ---------------------------------------------------------------
  /* filters: {open, daypass, maxprice (number or null), amenities: mask, region ("" = all)}.
   * "Open now" is worked out once per list (openNow: one flag per space), not per test. */
  function openNow(spaces, minute) {
    var flags = new Uint8Array(spaces.length);
    for (var i = 0; i < spaces.length; i += 1) {
      flags[i] = window.LandhubHours.isOpen(spaces[i].hours, minute) ? 1 : 0;
    }
    return flags;
  }

  function priceOk(space, filters) {
    if (!filters.daypass && filters.maxprice === null) { return true; }
    return space.dayPass !== null && (filters.maxprice === null || space.dayPass <= filters.maxprice);
  }

  /* The spaces that pass, nearest first from origin ({lat, lon}), or in name order without
   * one. Ties (the same point) go by slug, so the order never depends on the data's order. */
  function rank(spaces, origin, filters, minute) {
    var open = filters.open ? openNow(spaces, minute) : null;
    var picked = [];
    for (var i = 0; i < spaces.length; i += 1) {
      var space = spaces[i];
      if ((filters.region && space.region !== filters.region) || (open && !open[i]) ||
          (space.mask & filters.amenities) !== filters.amenities || !priceOk(space, filters)) {
        continue;
      }
      picked.push(i);
    }
    if (!origin) {
      var order = nameOrder(spaces);
      picked.sort(function (a, b) { return order[a] - order[b]; });
      return picked.map(function (index) { return { space: spaces[index], km: null }; });
    }
    // Haversine, as distanceKm(), with the spaces' cosines worked out when read.
    var phi = origin.lat * RAD, cosPhi = Math.cos(phi), lambda = origin.lon * RAD;
    var km = new Float64Array(spaces.length);
    picked.forEach(function (index) {
      var space = spaces[index];
      var dp = Math.sin((space.phi - phi) / 2), dl = Math.sin((space.lon * RAD - lambda) / 2);
      var a = dp * dp + cosPhi * space.cosPhi * dl * dl;
      km[index] = 2 * EARTH_KM * Math.asin(Math.sqrt(Math.min(1, a)));
    });
    picked.sort(function (a, b) { return km[a] - km[b] || bySlug(spaces[a], spaces[b]); });
    return picked.map(function (index) { return { space: spaces[index], km: km[index] }; });
  }

  /* How many spaces each choice would leave, given the other filters. */
  function facetCounts(spaces, filters, minute, amenityKeys, regionSlugs) {
    var counts = { open: 0, daypass: 0, amenity: {}, region: {} };
    var amenityCounts = new Uint32Array(amenityKeys.length);
    regionSlugs.forEach(function (slug) { counts.region[slug] = 0; });
    counts.region[""] = 0;
    var open = openNow(spaces, minute);
    var dayPassOnly = Object.assign({}, filters, { daypass: true });
    for (var i = 0; i < spaces.length; i += 1) {
      var space = spaces[i];
      var inRegion = !filters.region || space.region === filters.region;
      var openOk = !filters.open || open[i];
      var price = priceOk(space, filters);
      var amenitiesOk = (space.mask & filters.amenities) === filters.amenities;
      if (inRegion && open[i] && price && amenitiesOk) { counts.open += 1; }
      if (inRegion && openOk && amenitiesOk && priceOk(space, dayPassOnly)) { counts.daypass += 1; }
      if (openOk && price && amenitiesOk) {
        counts.region[""] += 1;
        if (space.region in counts.region) { counts.region[space.region] += 1; }
      }
      if (inRegion && openOk && price) {
        for (var a = 0; a < amenityKeys.length; a += 1) {
          var wanted = filters.amenities | (1 << a);
          if ((space.mask & wanted) === wanted) { amenityCounts[a] += 1; }
        }
      }
    }
    amenityKeys.forEach(function (key, a) { counts.amenity[key] = amenityCounts[a]; });
    return counts;
  }

  /* Up to limit towns for what was typed: whole name, then start of the name, then start
   * of a later word, then the same with aa/oe/ae read as a/o/a; list order within each. */
  function suggestTowns(towns, text, limit) {
    var key = fold(text);
    if (!key) { return []; }
    var looseKey = loose(key);
    var groups = [[], [], [], [], []];
    towns.forEach(function (town) {
      var group = town.key === key ? 0
        : town.key.indexOf(key) === 0 ? 1
        : town.key.indexOf(" " + key) >= 0 ? 2
        : town.looseKey === looseKey ? 3
        : town.looseKey.indexOf(looseKey) === 0 ? 4 : -1;
      if (group >= 0) { groups[group].push(town); }
    });
    return [].concat.apply([], groups).slice(0, limit);
  }

  /* The one town a typed name means: the same name, or the same name read loosely. */
  function findTown(towns, text) {
    var key = fold(text);
    if (!key) { return null; }
    var looseKey = loose(key);
    var exact = null, looseMatch = null;
    towns.forEach(function (town) {
      if (!exact && town.key === key) { exact = town; }
      if (!looseMatch && town.looseKey === looseKey) { looseMatch = town; }
    });
    return exact || looseMatch;
  }

  window.LandhubFinder = {
    fold: fold, loose: loose, distanceKm: distanceKm, formatKm: formatKm,
    readSpaces: readSpaces, readTowns: readTowns, rank: rank, facetCounts: facetCounts,
    suggestTowns: suggestTowns, findTown: findTown
  };

  // ---- The page ---------------------------------------------------------------------------
  var PAGE_SIZE = 20;
  var SUGGESTIONS = 8;
  var GEO_DECIMALS = 3;  // about 100 m: enough to rank, and what a shared address reveals

  var root = document.getElementById("finder");
  if (!root) { return; }
  document.documentElement.classList.add("finder-js");

  function byId(id) { return document.getElementById(id); }
  function json(name) { return JSON.parse(root.getAttribute(name)); }

  var words = json("data-strings");
  var hourWords = json("data-hours-strings");
  var amenityKeys = json("data-amenities");
  var fill = window.LandhubHours.fill;
  var ui = {
    locate: byId("finder-locate"), search: byId("finder-search"), town: byId("finder-town"),
    townList: byId("finder-town-list"), message: byId("finder-message"),
    filters: byId("finder-filters"), filterForm: byId("finder-filter-form"),
    activeCount: byId("finder-active-count"), open: byId("filter-open"),
    daypass: byId("filter-daypass"), maxprice: byId("filter-maxprice"),
    region: byId("filter-region"), reset: byId("finder-reset"), count: byId("finder-count"),
    list: byId("finder-list"), more: byId("finder-more"), map: byId("map-finder")
  };
  var amenityBoxes = amenityKeys.map(function (key) { return byId("filter-amenity-" + key); });
  var regionSlugs = Array.prototype.map.call(ui.region.options, function (o) { return o.value; })
    .filter(Boolean);
  var amenityLabels = {};
  amenityKeys.forEach(function (key, i) {
    amenityLabels[key] = amenityBoxes[i].labels[0].firstChild.textContent.trim();
  });

  var spaces = [];
  var towns = [];
  var origin = null;  // {lat, lon, label, near (town name, or "" for a position)}
  var shown = PAGE_SIZE;
  var ranked = [];

  function say(text) { ui.message.textContent = text || ""; }

  // ---- Filters <-> form <-> address ----
  function currentFilters() {
    var price = ui.maxprice.value.trim() === "" ? null : Number(ui.maxprice.value);
    var mask = 0;
    amenityBoxes.forEach(function (box, i) { if (box.checked) { mask |= 1 << i; } });
    return {
      open: ui.open.checked, daypass: ui.daypass.checked,
      maxprice: price !== null && isFinite(price) && price >= 0 ? price : null,
      amenities: mask, region: ui.region.value
    };
  }

  function roundTo(value, decimals) {
    var factor = Math.pow(10, decimals);
    return Math.round(value * factor) / factor;
  }

  function writeAddress() {
    var params = new URLSearchParams();
    if (origin && origin.near) {
      params.set("near", origin.near);
    } else if (origin) {
      params.set("lat", String(origin.lat));
      params.set("lon", String(origin.lon));
    }
    var filters = currentFilters();
    if (filters.open) { params.set("open", "1"); }
    if (filters.daypass) { params.set("daypass", "1"); }
    if (filters.maxprice !== null) { params.set("maxprice", String(filters.maxprice)); }
    amenityKeys.forEach(function (key, i) {
      if (amenityBoxes[i].checked) { params.append("amenity", key); }
    });
    if (filters.region) { params.set("region", filters.region); }
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    ui.open.checked = params.get("open") === "1";
    ui.daypass.checked = params.get("daypass") === "1";
    var price = Number(params.get("maxprice"));
    ui.maxprice.value = params.get("maxprice") && isFinite(price) && price >= 0 ? String(price) : "";
    var wanted = params.getAll("amenity");
    amenityBoxes.forEach(function (box, i) { box.checked = wanted.indexOf(amenityKeys[i]) >= 0; });
    var region = params.get("region") || "";
    ui.region.value = regionSlugs.indexOf(region) >= 0 ? region : "";
    var lat = Number(params.get("lat")), lon = Number(params.get("lon"));
    if (params.get("lat") && params.get("lon") && isFinite(lat) && isFinite(lon) &&
        Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
      origin = { lat: lat, lon: lon, label: words.my_location, near: "" };
    } else if (params.get("near")) {
      ui.town.value = params.get("near");
      chooseTypedTown(params.get("near"));
    }
  }

  // ---- Rendering ----
  function countText(total) {
    if (!total) { return words.count_none; }
    var count = total === 1 ? words.count_one : fill(words.count_many, { n: total });
    return origin ? fill(words.count_near, { count: count, place: origin.label })
                  : fill(words.count_by_name, { count: count });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function safeHref(url) {
    try {
      var parsed = new URL(url, window.location.href);
      return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
    } catch (error) { return null; }
  }

  function resultItem(entry, minute) {
    var space = entry.space;
    var item = element("li", "finder-result");
    item.setAttribute("data-slug", space.slug);
    var heading = element("h3", "finder-result-name");
    var href = safeHref(space.url);
    var link = element(href ? "a" : "span", null, space.name);
    if (href) { link.href = href; }
    heading.appendChild(link);
    item.appendChild(heading);

    var place = element("p", "finder-result-place");
    if (space.town) { place.appendChild(element("span", "finder-town-name", space.town)); }
    if (entry.km !== null) {
      var km = formatKm(entry.km);
      var distance = element("span", "finder-distance", fill(words.distance, { km: km }));
      distance.setAttribute("data-km", km);
      place.appendChild(distance);
    }
    item.appendChild(place);

    var result = window.LandhubHours.status(space.hours, space.openingHours, minute);
    var hours = element("p", "finder-hours finder-hours-" + result.state,
                        window.LandhubHours.describe(result, minute, hourWords));
    hours.setAttribute("data-state", result.state);
    item.appendChild(hours);

    item.appendChild(element("p", "finder-price", space.dayPass === null ? words.no_day_pass
      : fill(words.day_pass, { price: fill(words.dkk, { n: formatKroner(space.dayPass) }) })));

    if (space.amenities.length) {
      var list = element("ul", "finder-amenities");
      space.amenities.slice(0, 4).forEach(function (key) {
        list.appendChild(element("li", "finder-amenity", amenityLabels[key]));
      });
      if (space.amenities.length > 4) {
        list.appendChild(element("li", "finder-amenities-more",
                                 fill(words.more_amenities, { n: space.amenities.length - 4 })));
      }
      item.appendChild(list);
    }
    return item;
  }

  function showFacets(filters, minute) {
    var counts = facetCounts(spaces, filters, minute, amenityKeys, regionSlugs);
    root.querySelectorAll(".facet-count").forEach(function (span) {
      var facet = span.getAttribute("data-facet");
      var n = facet === "open" ? counts.open : facet === "daypass" ? counts.daypass
        : counts.amenity[facet.slice("amenity:".length)];
      span.textContent = "(" + n + ")";
    });
    Array.prototype.forEach.call(ui.region.options, function (option) {
      option.textContent = option.getAttribute("data-label") + " (" + counts.region[option.value] + ")";
    });
    var active = (filters.open ? 1 : 0) + (filters.daypass ? 1 : 0) +
      (filters.maxprice !== null ? 1 : 0) + (filters.region ? 1 : 0) +
      amenityBoxes.filter(function (box) { return box.checked; }).length;
    ui.activeCount.textContent = active ? "(" + active + ")" : "";
  }

  function showList(minute, from) {
    var items = ranked.slice(0, shown);
    if (!from) { ui.list.replaceChildren(); }
    var fragment = document.createDocumentFragment();
    for (var i = from; i < items.length; i += 1) { fragment.appendChild(resultItem(items[i], minute)); }
    ui.list.appendChild(fragment);
    ui.more.hidden = ranked.length <= shown;
    if (window.LandhubMaps && window.LandhubMaps.showResults && ui.map) {
      window.LandhubMaps.showResults(ui.map, origin, items.map(function (entry) {
        var s = entry.space;
        return { lat: s.lat, lon: s.lon, name: s.name, town: s.town, url: s.url };
      }), words.you_are_here);
    }
  }

  function update() {
    var started = performance.now();
    var minute = window.LandhubHours.minuteOfWeek(new Date());
    var filters = currentFilters();
    ranked = rank(spaces, origin, filters, minute);
    shown = PAGE_SIZE;
    var total = countText(ranked.length);
    var showing = ranked.length > shown ? " " + fill(words.shown, { shown: shown, total: ranked.length }) : "";
    if (ui.count.textContent !== total + showing) { ui.count.textContent = total + showing; }
    showFacets(filters, minute);
    showList(minute, 0);
    writeAddress();
    // User Timing entries: what invoke bench reads (the first list, then each update).
    performance.measure("finder-update", { start: started });
    if (root.getAttribute("data-ready") !== "true") { performance.mark("finder-ready"); }
    root.setAttribute("data-ready", "true");
  }

  function showMore() {
    var from = Math.min(shown, ranked.length);
    shown += PAGE_SIZE;
    showList(window.LandhubHours.minuteOfWeek(new Date()), from);
    ui.count.textContent = countText(ranked.length) + (ranked.length > shown
      ? " " + fill(words.shown, { shown: shown, total: ranked.length }) : "");
    // The first new result takes the focus, so a keyboard user goes on where the list grew.
    var first = ui.list.children[from];
    var link = first && first.querySelector("a, span");
    if (link && link.tagName === "A") { link.focus(); }
  }

  // ---- Places: a typed town, or the browser's position ----
  function setOrigin(next) {
    origin = next;
    say("");
    update();
  }

  function chooseTown(town) {
    ui.town.value = town.name;
    closeSuggestions();
    setOrigin({ lat: town.lat, lon: town.lon, label: town.name, near: town.name });
  }

  function chooseTypedTown(text) {
    if (!fold(text)) { say(words.town_empty); return; }
    var town = findTown(towns, text) || suggestTowns(towns, text, 1)[0];
    if (town) { chooseTown(town); return; }
    say(fill(words.town_unknown, { text: text.trim() }));
  }

  function locate() {
    if (!("geolocation" in navigator) || !window.isSecureContext) {
      say(words.geo_unsupported);
      return;
    }
    say(words.locating);
    navigator.geolocation.getCurrentPosition(function (position) {
      ui.town.value = "";
      setOrigin({ lat: roundTo(position.coords.latitude, GEO_DECIMALS),
                  lon: roundTo(position.coords.longitude, GEO_DECIMALS),
                  label: words.my_location, near: "" });
    }, function (error) {
      say(error.code === 1 ? words.geo_denied : error.code === 3 ? words.geo_timeout
                                                                 : words.geo_unavailable);
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 5 * 60 * 1000 });
  }

  // ---- The town combobox (WAI-ARIA 1.2 combobox with a list box) ----
  var suggestions = [];
  var active = -1;

  function closeSuggestions() {
    suggestions = [];
    active = -1;
    ui.townList.replaceChildren();
    ui.townList.hidden = true;
    ui.town.setAttribute("aria-expanded", "false");
    ui.town.removeAttribute("aria-activedescendant");
  }

  function openSuggestions() {
    suggestions = suggestTowns(towns, ui.town.value, SUGGESTIONS);
    active = -1;
    ui.town.removeAttribute("aria-activedescendant");
    if (!suggestions.length) { closeSuggestions(); return; }
    ui.townList.replaceChildren.apply(ui.townList, suggestions.map(function (town, i) {
      var option = element("li", "combobox-option", town.name);
      option.id = "finder-town-option-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.addEventListener("mousedown", function (event) { event.preventDefault(); });
      option.addEventListener("click", function () { chooseTown(town); });
      return option;
    }));
    ui.townList.hidden = false;
    ui.town.setAttribute("aria-expanded", "true");
  }

  function highlight(index) {
    var options = ui.townList.children;
    if (active >= 0 && options[active]) { options[active].setAttribute("aria-selected", "false"); }
    active = index;
    var option = options[active];
    option.setAttribute("aria-selected", "true");
    ui.town.setAttribute("aria-activedescendant", option.id);
    option.scrollIntoView({ block: "nearest" });
  }

  ui.town.addEventListener("input", openSuggestions);
  ui.town.addEventListener("blur", closeSuggestions);
  ui.town.addEventListener("keydown", function (event) {
    var open = !ui.townList.hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!open) { openSuggestions(); }
      if (!suggestions.length) { return; }
      event.preventDefault();
      var step = event.key === "ArrowDown" ? 1 : -1;
      highlight(active < 0 ? (step > 0 ? 0 : suggestions.length - 1)
                           : (active + step + suggestions.length) % suggestions.length);
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      chooseTown(suggestions[active]);
    } else if (event.key === "Escape") {
      if (open) { event.preventDefault(); closeSuggestions(); } else { ui.town.value = ""; }
    }
  });

  ui.search.addEventListener("submit", function (event) {
    event.preventDefault();
    closeSuggestions();
    chooseTypedTown(ui.town.value);
  });
  ui.locate.addEventListener("click", locate);

  // ---- Filters ----
  var typing = null;
  ui.filterForm.addEventListener("submit", function (event) { event.preventDefault(); });
  ui.filterForm.addEventListener("change", update);
  ui.maxprice.addEventListener("input", function () {
    // Wait for a pause in typing, so the count is announced once, not for every digit.
    window.clearTimeout(typing);
    typing = window.setTimeout(update, 400);
  });
  ui.reset.addEventListener("click", function () {
    ui.filterForm.reset();
    update();
  });
  ui.more.addEventListener("click", showMore);

  // ---- Start ----
  function fetchJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) { throw new Error(url + " answered " + response.status); }
      return response.json();
    });
  }

  root.hidden = false;
  Promise.all([fetchJson(root.getAttribute("data-spaces")), fetchJson(root.getAttribute("data-towns"))])
    .then(function (docs) {
      spaces = readSpaces(docs[0], amenityKeys);
      towns = readTowns(docs[1]);
      readAddress();
      var anyFilter = currentFilters();
      if (window.matchMedia("(min-width: 60em)").matches || anyFilter.open || anyFilter.daypass ||
          anyFilter.maxprice !== null || anyFilter.amenities || anyFilter.region) {
        ui.filters.open = true;
      }
      if (!origin || !origin.near) { update(); }  // a ?near= town has already updated
    })
    .catch(function (error) {
      document.documentElement.classList.remove("finder-js");
      say(words.load_failed);
      root.setAttribute("data-ready", "error");
      console.error("Landhub finder:", error);
    });
})();
