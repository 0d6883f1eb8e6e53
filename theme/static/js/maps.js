/* Landhub maps: the part of every map that depends on the page.
 *
 * The scripts in /maps/ (national.js, region.js, space.js) are rendered by Folium at build
 * time; each creates its map and marker layer and calls LandhubMaps.attach(). This file adds
 * the markers: from /spaces.json (national, region; read by spaces-data.js), from the
 * container's data attributes (space), or from the finder's results (finder:
 * theme/static/js/finder.js calls LandhubMaps.showResults with the spaces its list shows, so
 * map and list always agree). Text from a space file only ever reaches the page through
 * textContent and DOM properties, never as HTML, so a name like <img src=x onerror=alert(1)> shows as text.
 */
(function () {
  "use strict";

  var SPACE_ZOOM = 13;
  var REGION_MAX_ZOOM = 12;

  function linkTarget(url) {
    // spaces.json links to the site's own pages; even so, a link never gets another scheme.
    if (typeof url !== "string" || url === "") { return null; }
    var parsed;
    try { parsed = new URL(url, window.location.href); } catch (error) { return null; }
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  }

  function popupContent(name, town, url) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var href = linkTarget(url);
    var title = document.createElement(href ? "a" : "strong");
    title.className = "map-popup-name";
    title.textContent = name;
    if (href) { title.href = href; }
    box.appendChild(title);
    if (town) {
      var place = document.createElement("span");
      place.className = "map-popup-town";
      place.textContent = town;
      box.appendChild(place);
    }
    return box;
  }

  function spaceMarker(lat, lon, name, town, url) {
    // title and alt are set by Leaflet as DOM properties: the name a keyboard user hears.
    var marker = L.marker([lat, lon], { title: name, alt: name, keyboard: true });
    // Built when first opened, so 10,000 markers cost no 10,000 popups.
    marker.bindPopup(function () { return popupContent(name, town, url); });
    return marker;
  }

  function isCoordinate(value) {
    return typeof value === "number" && isFinite(value);
  }

  function loadSpaces(container, map, layer, kind) {
    var source = container.getAttribute("data-spaces");
    var region = container.getAttribute("data-region");
    return fetch(source, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(source + " answered " + response.status); }
        return response.json();
      })
      .then(function (data) {
        var markers = [];
        window.LandhubSpacesData.read(data).forEach(function (space) {
          // Closed spaces keep their page, but a map is for finding a place to work.
          if (space.status === "closed") { return; }
          if (kind === "region" && space.region !== region) { return; }
          if (!isCoordinate(space.lat) || !isCoordinate(space.lon)) { return; }
          markers.push(spaceMarker(space.lat, space.lon, String(space.name),
                                   space.town ? String(space.town) : "", space.url));
        });
        layer.addLayers(markers);
        if (kind === "region" && markers.length) {
          map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: REGION_MAX_ZOOM });
        }
      });
  }

  function showSpace(container, map, layer) {
    var lat = parseFloat(container.getAttribute("data-lat"));
    var lon = parseFloat(container.getAttribute("data-lon"));
    if (!isFinite(lat) || !isFinite(lon)) {
      throw new Error("#" + container.id + " has no data-lat and data-lon");
    }
    map.setView([lat, lon], SPACE_ZOOM);
    layer.addLayer(spaceMarker(lat, lon, container.getAttribute("data-name") || "",
                               container.getAttribute("data-town") || "",
                               container.getAttribute("data-url")));
  }

  function closePopupOnEscape(container, layer) {
    // Leaflet closes a popup on Escape only while the map itself has focus; a keyboard user
    // is on the marker, so close it from there too and put the focus back on the marker.
    var opened = null;
    layer.on("popupopen", function (event) { opened = event.propagatedFrom || null; });
    layer.on("popupclose", function () { opened = null; });
    container.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !opened) { return; }
      var marker = opened;
      marker.closePopup();
      if (marker.getElement && marker.getElement()) { marker.getElement().focus(); }
    });
  }

  // The finder's map: numbered markers for the results the list shows, and the searched place.
  var FINDER_MAX_ZOOM = 12;
  var finderMaps = {};  // container id -> {map, layer}
  var pendingResults = {};  // results that came before the map was attached

  function numberedMarker(number, item) {
    var label = document.createElement("span");
    label.className = "finder-marker-number";
    label.textContent = String(number);
    var icon = L.divIcon({ className: "finder-marker", html: label, iconSize: [28, 28],
                           iconAnchor: [14, 14], popupAnchor: [0, -14] });
    // Not focusable: the list beside the map holds the same links in the same order.
    var marker = L.marker([item.lat, item.lon], { icon: icon, title: number + ". " + item.name,
                                                 keyboard: false });
    marker.bindPopup(function () { return popupContent(item.name, item.town, item.url); });
    return marker;
  }

  function showResults(container, origin, items, originLabel) {
    var entry = finderMaps[container.id];
    if (!entry) {
      pendingResults[container.id] = [origin, items, originLabel];
      return;
    }
    // The finder was hidden until its script ran: let Leaflet measure the container again.
    entry.map.invalidateSize(false);
    entry.layer.clearLayers();
    var points = [];
    if (origin && isCoordinate(origin.lat) && isCoordinate(origin.lon)) {
      var here = L.circleMarker([origin.lat, origin.lon], {
        radius: 9, weight: 3, fillOpacity: 1, className: "finder-origin"  // colours: finder.css
      });
      if (originLabel) { here.bindTooltip(String(originLabel)); }
      entry.layer.addLayer(here);
      points.push([origin.lat, origin.lon]);
    }
    items.forEach(function (item, i) {
      if (!isCoordinate(item.lat) || !isCoordinate(item.lon)) { return; }
      entry.layer.addLayer(numberedMarker(i + 1, item));
      points.push([item.lat, item.lon]);
    });
    if (points.length) {
      entry.map.fitBounds(L.latLngBounds(points), { padding: [24, 24], maxZoom: FINDER_MAX_ZOOM });
    }
  }

  function attachFinder(container, map, layer) {
    finderMaps[container.id] = { map: map, layer: layer };
    var pending = pendingResults[container.id];
    delete pendingResults[container.id];
    if (pending) { showResults(container, pending[0], pending[1], pending[2]); }
  }

  function ready(container) {
    container.setAttribute("data-ready", "true");
  }

  function failed(container, error) {
    container.setAttribute("data-ready", "error");
    console.error("Landhub map #" + container.id + ":", error);
  }

  window.LandhubMaps = {
    // The Leaflet maps on this page by container id, for debugging and tests.
    maps: {},
    showResults: showResults,
    attach: function (container, map, layer, kind) {
      window.LandhubMaps.maps[container.id] = map;
      closePopupOnEscape(container, layer);
      if (kind === "finder") {
        attachFinder(container, map, layer);
        ready(container);
        return;
      }
      if (kind === "space") {
        try {
          showSpace(container, map, layer);
          ready(container);
        } catch (error) {
          failed(container, error);
        }
        return;
      }
      loadSpaces(container, map, layer, kind).then(
        function () { ready(container); },
        function (error) { failed(container, error); }
      );
    }
  };
})();
