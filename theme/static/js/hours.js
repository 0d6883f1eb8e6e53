/* Landhub "open now": is a space open at a moment, and when does it open or close?
 *
 * The hours come from the build (plugins/landhub_spaces/hours.py, the opening-hours parser):
 * one flat list [start, end, start, end, ...] of open intervals in minutes from Monday 00:00,
 * Danish wall-clock time, sorted. null means "not computed" (no hours, or irregular ones).
 * The moment is turned into Copenhagen's weekday, hour and minute with Intl, so a visitor's
 * own time zone never matters. Used by the finder (finder.js) and by the space page, whose
 * <p class="open-now" data-hours="..." data-strings="..."> this file fills in.
 */
(function () {
  "use strict";

  var DAY = 24 * 60;
  var WEEK = 7 * DAY;
  var WEEKDAYS = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };
  var copenhagen = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Copenhagen", weekday: "short", hour: "2-digit", minute: "2-digit",
    hourCycle: "h23"
  });

  /* Minutes since Monday 00:00 in Copenhagen at date (a Date; default: now). */
  function minuteOfWeek(date) {
    var parts = {};
    copenhagen.formatToParts(date || new Date()).forEach(function (part) {
      parts[part.type] = part.value;
    });
    var hour = parseInt(parts.hour, 10) % 24;  // some engines write midnight as 24
    return WEEKDAYS[parts.weekday] * DAY + hour * 60 + parseInt(parts.minute, 10);
  }

  function isOpen(hours, minute) {
    if (!hours) { return false; }
    for (var i = 0; i < hours.length; i += 2) {
      if (hours[i] <= minute && minute < hours[i + 1]) { return true; }
    }
    return false;
  }

  /* The end of the open stretch that contains minute: intervals that touch (the parser
   * splits 22:00-02:00 at midnight, and Sunday night runs on into Monday) count as one.
   * Returns a minute that may lie past WEEK, or -1 if the stretch never ends (24/7). */
  function closesAt(hours, minute) {
    var end = -1;
    for (var i = 0; i < hours.length; i += 2) {
      if (hours[i] <= minute && minute < hours[i + 1]) { end = hours[i + 1]; break; }
    }
    for (var guard = 0; guard <= hours.length; guard += 1) {
      var next = -1;
      for (var j = 0; j < hours.length; j += 2) {
        if (hours[j] === end % WEEK && hours[j + 1] > hours[j]) { next = j; break; }
      }
      if (next < 0) { return end; }
      end += hours[next + 1] - hours[next];
      if (end - minute >= WEEK) { return -1; }
    }
    return end;
  }

  /* The next opening after minute, in minutes from this Monday (past WEEK: next week). */
  function opensAt(hours, minute) {
    for (var i = 0; i < hours.length; i += 2) {
      if (hours[i] > minute) { return hours[i]; }
    }
    return hours.length ? hours[0] + WEEK : -1;
  }

  /* {state, at}: state is "open", "closed", "never" (open no hour of the week),
   * "not_listed" or "irregular"; at is when it closes (open) or opens (closed). */
  function status(hours, openingHoursText, minute) {
    if (hours === null || hours === undefined) {
      return { state: openingHoursText ? "irregular" : "not_listed", at: null };
    }
    if (!hours.length) { return { state: "never", at: null }; }
    if (isOpen(hours, minute)) { return { state: "open", at: closesAt(hours, minute) }; }
    return { state: "closed", at: opensAt(hours, minute) };
  }

  function clock(minuteOfDay) {
    var hour = Math.floor(minuteOfDay / 60) % 24;
    var rest = minuteOfDay % 60;
    return rest ? hour + "." + (rest < 10 ? "0" : "") + rest : String(hour);
  }

  function fill(pattern, values) {
    return pattern.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  /* The Danish sentence for a status at minute, words from strings/da.yaml (hours_js). */
  function describe(result, minute, words) {
    if (result.state === "open") {
      if (result.at < 0) { return words.open_always; }
      return fill(words.open_until, { time: clock(result.at % DAY) });
    }
    if (result.state === "closed") {
      var days = Math.floor(result.at / DAY) - Math.floor(minute / DAY);
      var time = clock(result.at % DAY);
      if (days === 0) { return fill(words.opens_today, { time: time }); }
      if (days === 1) { return fill(words.opens_tomorrow, { time: time }); }
      return fill(words.opens_day, { day: words.days[Math.floor(result.at / DAY) % 7], time: time });
    }
    return words[result.state];
  }

  function readJson(element, name) {
    try { return JSON.parse(element.getAttribute(name)); } catch (error) { return null; }
  }

  /* The space page's line: filled in now, and again every minute while the page is open. */
  function fillLines() {
    var lines = document.querySelectorAll(".open-now[data-hours]");
    Array.prototype.forEach.call(lines, function (line) {
      var hours = readJson(line, "data-hours");
      var words = readJson(line, "data-strings");
      if (!Array.isArray(hours) || !words) { return; }
      var minute = minuteOfWeek(new Date());
      var result = status(hours, "", minute);
      line.textContent = describe(result, minute, words);
      line.setAttribute("data-state", result.state);
      line.hidden = false;
    });
    return lines.length;
  }

  window.LandhubHours = {
    minuteOfWeek: minuteOfWeek,
    isOpen: isOpen,
    status: status,
    describe: describe,
    clock: clock,
    fill: fill
  };

  function start() {
    if (fillLines()) { window.setInterval(fillLines, 60 * 1000); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
