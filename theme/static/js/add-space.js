/* The add-your-space form (/tilfoej-dit-sted/): check the fields, show the space file, and
   link to GitHub's new-file page with the file filled in.

   The rules are not written here: they come from the file the build writes (data-rules: the
   JSON Schema of spaces/_schema, the municipalities, Denmark's box, the contact fields and the
   slug table made by the Python slugify). The file is written the way plugins/landhub_spaces/
   space_yaml.py writes it, and the GitHub check runs the full validator on it again (opening
   hours and web-address domains are checked there only). Every word comes from data-strings
   (theme/strings/da.yaml). Text is only ever set with textContent. */
(function () {
  "use strict";

  var form = document.getElementById("add-space-form");
  if (!form) {
    return;
  }
  var strings = JSON.parse(form.getAttribute("data-strings"));
  var errorsBox = document.getElementById("add-errors");
  var errorsList = document.getElementById("add-errors-list");
  var result = document.getElementById("add-result");
  var rules = null;
  var touched = {};
  var submitted = false;

  // --- words ------------------------------------------------------------------------------

  function say(key, values) {
    return strings[key].replace(/\{(\w+)\}/g, function (whole, name) {
      return values && name in values ? String(values[name]) : whole;
    });
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  // --- the slug rule (SPACE_FORMAT.md), with the table the Python slugify made ---------------

  function slugify(name) {
    var letters = rules.slug.letters;
    var out = "";
    Array.from(name.normalize("NFC")).forEach(function (ch) {
      if (Object.prototype.hasOwnProperty.call(letters, ch)) {
        out += letters[ch];
      } else if (ch.charCodeAt(0) < 128) {
        out += ch;
      } else {
        out += ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      }
    });
    return out.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  // --- the YAML writer: the same shape as space_yaml.py --------------------------------------

  var PLAIN_START = /^[A-Za-z\u00c0-\u024f(]/;
  var YAML11_WORDS = /^(?:y|n|yes|no|on|off|true|false|null|~)$/i;
  var ESCAPE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;
  var ESCAPE_ALL = new RegExp(ESCAPE.source, "g");

  function isPlain(text) {
    return PLAIN_START.test(text) && text === text.trim() && text.indexOf(": ") < 0 &&
      text.indexOf(" #") < 0 && text.charAt(text.length - 1) !== ":" && !ESCAPE.test(text) &&
      !YAML11_WORDS.test(text);
  }

  function quoted(text) {
    return JSON.stringify(text).replace(ESCAPE_ALL, function (ch) {
      return "\\u" + ("000" + ch.charCodeAt(0).toString(16)).slice(-4);
    });
  }

  function scalar(value) {
    if (typeof value === "number") {
      return String(value);
    }
    return isPlain(value) ? value : quoted(value);
  }

  function block(text, indent) {
    var lines = text.split("\n");
    if (lines.length < 3 || lines[lines.length - 1] !== "" || !lines[lines.length - 2].trim() ||
        lines[0].charAt(0) === " " || lines.some(function (line) { return ESCAPE.test(line); })) {
      return null;
    }
    return "|\n" + lines.slice(0, -1).map(function (line) {
      return line ? indent + line : "";
    }).join("\n");
  }

  function yamlLines(data, order, indent) {
    var keys = Object.keys(order).filter(function (k) { return k in data; })
      .concat(Object.keys(data).filter(function (k) { return !(k in order); }).sort());
    var out = [];
    keys.forEach(function (key) {
      var value = data[key];
      var rule = order[key] || {};
      if (Array.isArray(value)) {
        out.push(indent + key + ": [" + value.map(scalar).join(", ") + "]");
      } else if (value !== null && typeof value === "object") {
        out.push(indent + key + ":");
        out = out.concat(yamlLines(value, rule.properties || {}, indent + "  "));
      } else if (typeof value === "string" && value.indexOf("\n") >= 0 && block(value, indent + "  ")) {
        out.push(indent + key + ": " + block(value, indent + "  "));
      } else {
        out.push(indent + key + ": " + scalar(value));
      }
    });
    return out;
  }

  function spaceYaml(data) {
    return [rules.schema_comment].concat(yamlLines(data, rules.schema.properties, "")).join("\n") + "\n";
  }

  // --- reading the form -----------------------------------------------------------------------

  function ruleFor(path) {
    var rule = rules.schema;
    path.split(".").forEach(function (key) {
      rule = rule && rule.properties ? rule.properties[key] : undefined;
    });
    return rule || {};
  }

  function types(rule) {
    return [].concat(rule.type || []);
  }

  // A typed value where the text is one; otherwise the text, so the check can say what is wrong.
  function convert(path, text) {
    var kinds = types(ruleFor(path));
    if (kinds.indexOf("string") < 0 && kinds.indexOf("integer") >= 0 && /^-?[0-9]+$/.test(text)) {
      return parseInt(text, 10);
    }
    if (kinds.indexOf("number") >= 0 && /^-?[0-9]+(\.[0-9]+)?$/.test(text)) {
      return Number(text);
    }
    return text;
  }

  function put(data, path, value) {
    var keys = path.split(".");
    var last = keys.pop();
    keys.forEach(function (key) {
      data = data[key] = data[key] || {};
    });
    data[last] = value;
  }

  function readForm() {
    var data = {};
    var amenities = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) {
        return;
      }
      if (el.type === "checkbox") {
        if (el.checked) {
          amenities.push(el.value);
        }
        return;
      }
      var text = el.value.replace(/\r\n?/g, "\n").trim();
      if (!text) {
        return;
      }
      if (el.tagName === "TEXTAREA" && text.indexOf("\n") >= 0) {
        text += "\n"; // several lines end in one line break, so the file can hold them as a block
      }
      put(data, el.name, convert(el.name, text));
    });
    if (amenities.length) {
      // in the schema's order, as the file lists them
      var order = ruleFor("amenities").items.enum;
      data.amenities = order.filter(function (a) { return amenities.indexOf(a) >= 0; });
    }
    return data;
  }

  function get(data, path) {
    return path.split(".").reduce(function (node, key) {
      return node && typeof node === "object" ? node[key] : undefined;
    }, data);
  }

  // --- checking: the schema's rules, then the few the schema cannot say -------------------------

  function hintOf(el) {
    var own = document.getElementById(el.id + "-hint");
    var shared = el.closest("fieldset").querySelector(":scope > .hint");
    return (own || shared || { textContent: "" }).textContent;
  }

  function isType(kind, value) {
    if (kind === "string") {
      return typeof value === "string";
    }
    if (kind === "integer") {
      return typeof value === "number" && Number.isInteger(value);
    }
    if (kind === "number") {
      return typeof value === "number";
    }
    return true;
  }

  function schemaProblem(rule, value, hint) {
    if (rule.enum) {
      return rule.enum.indexOf(value) >= 0 ? null : say("choose");
    }
    var kinds = types(rule);
    if (kinds.length && !kinds.some(function (k) { return isType(k, value); })) {
      if (kinds.indexOf("number") >= 0) {
        return String(value).indexOf(",") >= 0 ? say("comma") : say("number");
      }
      if (kinds.indexOf("integer") >= 0 && kinds.indexOf("string") < 0) {
        return say("whole_number");
      }
      return say("format", { hint: hint });
    }
    if (typeof value === "string") {
      var count = Array.from(value).length; // characters, as Python counts them
      if (rule.minLength !== undefined && count < rule.minLength) {
        return say("too_short", { n: rule.minLength });
      }
      if (rule.maxLength !== undefined && count > rule.maxLength) {
        return say("too_long", { n: rule.maxLength.toLocaleString("da-DK"), count: count.toLocaleString("da-DK") });
      }
      if (rule.pattern && !new RegExp(rule.pattern, "u").test(value)) {
        return say("format", { hint: hint });
      }
    }
    if (typeof value === "number") {
      var low = rule.minimum;
      var high = rule.maximum;
      if ((low !== undefined && value < low) || (high !== undefined && value > high)) {
        if (low !== undefined && high !== undefined) {
          return say("range", { min: low, max: high });
        }
        return low !== undefined ? say("at_least", { min: low }) : say("at_most", { max: high });
      }
    }
    return null;
  }

  function extraProblem(path, value, data) {
    if (path === "name" && !slugify(value)) {
      return say("no_slug");
    }
    if (path === "address.municipality" && rules.municipalities.indexOf(value) < 0) {
      return say("choose");
    }
    if (path === "last_verified") {
      var when = new Date(value + "T00:00:00Z");
      if (isNaN(when) || when.toISOString().slice(0, 10) !== value) {
        return say("date_invalid");
      }
      return value > today() ? say("date_future") : null;
    }
    if (path === "founded" && value > new Date().getFullYear()) {
      return say("founded_future");
    }
    return null;
  }

  function inDenmark(lat, lon) {
    var box = rules.denmark;
    return lat >= box.lat_min && lat <= box.lat_max && lon >= box.lon_min && lon <= box.lon_max;
  }

  // One message about the point (swapped, or outside Denmark) instead of two range complaints,
  // as the validator does.
  function pointProblem(data) {
    var lat = get(data, "location.lat");
    var lon = get(data, "location.lon");
    if (typeof lat !== "number" || typeof lon !== "number" || inDenmark(lat, lon)) {
      return null;
    }
    return inDenmark(lon, lat) ? say("swapped") : say("outside_denmark");
  }

  // {element id: message} for every field of the form
  function problems(data) {
    var found = {};
    var required = {};
    (function walk(rule, prefix) {
      (rule.required || []).forEach(function (key) { required[prefix + key] = true; });
      Object.keys(rule.properties || {}).forEach(function (key) {
        if (rule.properties[key].type === "object") {
          walk(rule.properties[key], prefix + key + ".");
        }
      });
    })(rules.schema, "");
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "checkbox") {
        return;
      }
      var value = get(data, el.name);
      var message = null;
      if (value === undefined) {
        var group = el.name.indexOf(".") > 0 ? el.name.split(".")[0] : "";
        var groupNeeded = !group || required[group] || get(data, group) !== undefined;
        message = required[el.name] && groupNeeded ? say("required") : null;
      } else {
        message = schemaProblem(ruleFor(el.name), value, hintOf(el)) || extraProblem(el.name, value, data);
      }
      if (message) {
        found[el.id] = message;
      }
    });
    var point = pointProblem(data);
    if (point) {
      found["f-location-lat"] = found["f-location-lon"] = point;
    }
    if (!rules.contact.some(function (key) { return data[key] !== undefined; })) {
      found["f-contact"] = say("contact");
    }
    return found;
  }

  // --- showing ----------------------------------------------------------------------------

  function labelOf(id) {
    var label = form.querySelector('label[for="' + id + '"]');
    var text = label ? label.firstChild.textContent : form.querySelector("#" + id + "-error")
      .closest("fieldset").querySelector("legend").textContent;
    return text.trim();
  }

  function showField(el, message, visible) {
    var box = document.getElementById(el.id + "-error");
    if (!box) {
      return;
    }
    var shown = Boolean(message && visible);
    box.textContent = shown ? message : "";
    box.hidden = !shown;
    if (el.tagName !== "P") {
      if (shown) {
        el.setAttribute("aria-invalid", "true");
      } else {
        el.removeAttribute("aria-invalid");
      }
    }
  }

  function render(found) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && el.type !== "checkbox") {
        showField(el, found[el.id], submitted || touched[el.name]);
      }
    });
    var contact = document.getElementById("f-contact-error");
    var contactTouched = rules.contact.some(function (key) { return touched[key]; });
    contact.textContent = found["f-contact"] || "";
    contact.hidden = !(found["f-contact"] && (submitted || contactTouched));
  }

  function renderSummary(found) {
    errorsList.textContent = "";
    Object.keys(found).forEach(function (id) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      var target = id === "f-contact" ? "f-website" : id;
      link.href = "#" + target;
      link.textContent = labelOf(id) + ": " + found[id];
      link.addEventListener("click", function (event) {
        event.preventDefault();
        document.getElementById(target).focus();
      });
      item.appendChild(link);
      errorsList.appendChild(item);
    });
    errorsBox.hidden = Object.keys(found).length === 0;
  }

  function githubUrl(slug, text) {
    return form.getAttribute("data-new-file-url") + "?filename=spaces/" + slug + ".yaml&value=" +
      encodeURIComponent(text);
  }

  // For spaces without a GitHub account: the file as the body of an e-mail to the editors.
  function emailUrl(slug, text) {
    var subject = form.getAttribute("data-email-subject").replace("{file}", "spaces/" + slug + ".yaml");
    return "mailto:" + form.getAttribute("data-editors-email") + "?subject=" +
      encodeURIComponent(subject) + "&body=" + encodeURIComponent(text);
  }

  function renderFile(data) {
    var slug = slugify(data.name);
    var text = spaceYaml(data);
    document.getElementById("add-yaml").textContent = text;
    document.getElementById("add-result-lead").textContent =
      form.getAttribute("data-result-lead").replace("{file}", "spaces/" + slug + ".yaml");
    document.getElementById("add-github").href = githubUrl(slug, text);
    var email = document.getElementById("add-email");
    if (email) { email.href = emailUrl(slug, text); }
    document.getElementById("add-status").textContent = "";
    result.hidden = false;
  }

  function update() {
    var data = readForm();
    var found = problems(data);
    render(found);
    if (submitted) {
      renderSummary(found);
    }
    if (Object.keys(found).length) {
      result.hidden = true;
    } else if (submitted) {
      renderFile(data);
    }
    return found;
  }

  // --- wiring -----------------------------------------------------------------------------

  function start(loaded) {
    rules = loaded;
    var date = document.getElementById("f-last-verified");
    date.max = today();
    if (!date.value) {
      date.value = today();
    }
    form.addEventListener("input", update);
    form.addEventListener("change", function (event) {
      touched[event.target.name] = true;
      update();
    });
    form.addEventListener("focusout", function (event) {
      if (event.target.name && event.target.value) {
        touched[event.target.name] = true;
        update();
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submitted = true;
      var found = update();
      if (Object.keys(found).length) {
        errorsBox.focus();
      } else {
        document.getElementById("add-result-title").focus();
      }
    });
    document.getElementById("add-copy").addEventListener("click", function () {
      var text = document.getElementById("add-yaml").textContent;
      var status = document.getElementById("add-status");
      navigator.clipboard.writeText(text).then(function () {
        status.textContent = form.getAttribute("data-copied");
      }, function () {
        window.getSelection().selectAllChildren(document.getElementById("add-yaml"));
      });
    });
    form.hidden = false;
  }

  function failed() {
    errorsList.textContent = "";
    var item = document.createElement("li");
    item.textContent = say("loading_failed");
    errorsList.appendChild(item);
    errorsBox.hidden = false;
  }

  fetch(form.getAttribute("data-rules"), { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    })
    .then(start, failed);
})();
