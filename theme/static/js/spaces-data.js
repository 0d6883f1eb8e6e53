/* Landhub spaces.json (version 2) -> one plain object per space, read once after the download.
 *
 * The file is columnar to keep it small (plugins/landhub_spaces/exports.py spaces_json; the
 * format is described on /aabne-data/): one array per column, repeated values listed once
 * under "values" with an index per space, each URL made from the slug with the "url" pattern,
 * a slug left out (null) where it is the name's own, and amenities as bits of "amenities".
 * Each object here has the names the maps and the finder use: slug, name, town, municipality,
 * region, lat, lon, precision, status, url, day_pass, amenities (a list of keys),
 * opening_hours (the text) and hours (weekly minute intervals, as hours.js reads them).
 */
(function () {
  "use strict";

  var VERSION = 2;
  // æ, ø, å as \u escapes: the file reads the same whatever encoding a page gives it.
  var DANISH = { "\u00e6": "ae", "\u00f8": "oe", "\u00e5": "aa" };
  var HYPHEN = 45;

  /* slugs.slugify for the names the build leaves the slug out of: ASCII and æ, ø, å only
   * (exports.slug_follows_name), where unidecode changes nothing. Lower case first (Æ is æ
   * then, as "Ae" lowered is "ae"); it runs for most of 10,000 names, so no regular
   * expression runs where a test or a character code does. */
  function slugFromName(name) {
    var slug = String(name).toLowerCase();
    if (/[\u00e6\u00f8\u00e5]/.test(slug)) {
      slug = slug.replace(/[\u00e6\u00f8\u00e5]/g, function (c) { return DANISH[c]; });
    }
    slug = slug.replace(/[^a-z0-9]+/g, "-");
    if (slug.charCodeAt(0) === HYPHEN) { slug = slug.slice(1); }
    if (slug.charCodeAt(slug.length - 1) === HYPHEN) { slug = slug.slice(0, -1); }
    return slug;
  }

  /* The amenity keys of a bit mask; division, not <<, so more than 31 keys would work too. */
  function amenityKeys(mask, keys) {
    var listed = [];
    for (var bit = 0; bit < keys.length && mask > 0; bit += 1) {
      if (mask % 2 === 1) { listed.push(keys[bit]); }
      mask = Math.floor(mask / 2);
    }
    return listed;
  }

  function read(doc) {
    if (!doc || doc.version !== VERSION) {
      throw new Error("spaces.json version " + (doc && doc.version) + ", expected " + VERSION);
    }
    var col = doc.columns, values = doc.values, keys = doc.amenities;
    var urlParts = String(doc.url).split("{slug}");
    var byMask = {};  // spaces with the same amenities share one list (read-only)
    var spaces = new Array(doc.count);
    for (var i = 0; i < doc.count; i += 1) {
      var name = col.name[i];
      var slug = col.slug[i] === null ? slugFromName(name) : col.slug[i];
      var mask = col.amenities[i];
      if (!(mask in byMask)) { byMask[mask] = amenityKeys(mask, keys); }
      var hours = values.opening_hours[col.opening_hours[i]];
      spaces[i] = {
        slug: slug,
        name: name,
        town: values.town[col.town[i]],
        municipality: values.municipality[col.municipality[i]],
        region: values.region[col.region[i]],
        lat: col.lat[i],
        lon: col.lon[i],
        precision: values.precision[col.precision[i]],
        status: values.status[col.status[i]],
        url: urlParts.join(slug),
        day_pass: col.day_pass[i],
        amenities: byMask[mask],
        opening_hours: hours[0],
        hours: hours[1]
      };
    }
    return spaces;
  }

  window.LandhubSpacesData = { read: read, slugFromName: slugFromName };
})();
