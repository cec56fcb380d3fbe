// Time entry on the compose screen: each date-and-time field (publish time, front page from and
// until, breaking until) gets a box that takes a time in words ("in 10 minutes", "بعد 10 دقائق",
// "+10m", "غدا 8:00", "tomorrow 08:00") and fills the date and the time, always in the newsroom's
// time zone whatever the browser's; the time shows in the admin's language beside the field, and
// Django's English "you are N hours ahead" note gives way to the zone's name. Words come from the
// page (publishing_words in articles/admin.py). editor.js reads these fields through NewsroomTime.
(function () {
  "use strict";
  var element = document.getElementById("publishing-words");
  var WORDS = element ? JSON.parse(element.textContent) : null;
  var ZONE = WORDS ? WORDS.zone : "UTC";
  var MINUTE = 60000;

  function westernDigits(text) {
    return String(text).replace(/[\u0660-\u0669]/g, function (digit) { return digit.charCodeAt(0) - 0x0660; })
      .replace(/[\u06f0-\u06f9]/g, function (digit) { return digit.charCodeAt(0) - 0x06f0; });
  }

  // The wall clock in the newsroom's zone at a moment, and back.
  function wallParts(epoch) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(new Date(epoch)).forEach(function (part) { parts[part.type] = part.value; });
    return { y: +parts.year, m: +parts.month, d: +parts.day, h: +parts.hour % 24, mi: +parts.minute };
  }

  function wallToEpoch(wall) {
    var guess = Date.UTC(wall.y, wall.m - 1, wall.d, wall.h, wall.mi);
    var seen = wallParts(guess);
    var offset = Date.UTC(seen.y, seen.m - 1, seen.d, seen.h, seen.mi) - guess;
    return guess - offset;
  }

  function addDays(wall, days) {
    var shifted = new Date(Date.UTC(wall.y, wall.m - 1, wall.d + days));
    return { y: shifted.getUTCFullYear(), m: shifted.getUTCMonth() + 1, d: shifted.getUTCDate(), h: wall.h, mi: wall.mi };
  }

  var UNITS = [
    [/^(m|mn|min|mins|minute|minutes|دقيقة|دقائق|دقيقه|د)$/, 1],
    [/^(h|hr|hrs|hour|hours|heure|heures|ساعة|ساعات|ساعه|سا)$/, 60],
    [/^(d|day|days|jour|jours|يوم|أيام|ايام)$/, 1440],
  ];
  var DUAL = { "دقيقتين": 2, "دقيقتان": 2, "ساعتين": 120, "ساعتان": 120, "يومين": 2880, "يومان": 2880,
    "دقيقة": 1, "ساعة": 60, "يوم": 1440 };

  function unitMinutes(word) {
    for (var i = 0; i < UNITS.length; i++) if (UNITS[i][0].test(word)) return UNITS[i][1];
    return null;
  }

  function clock(text) {
    var match = /^(\d{1,2})(?:[:h.](\d{2}))?$/.exec(text);
    if (!match || +match[1] > 23 || +(match[2] || 0) > 59) return null;
    return { h: +match[1], mi: +(match[2] || 0) };
  }

  // What a typed time means: the wall clock in the zone ({y, m, d, h, mi}), or null.
  function parse(typed, nowEpoch) {
    var text = westernDigits(typed).toLowerCase().replace(/[\u064b-\u0652]/g, "").replace(/\s+/g, " ").trim();
    var now = nowEpoch === undefined ? Date.now() : nowEpoch;
    if (!text) return null;
    if (/^(now|maintenant|الآن|الان)$/.test(text)) return wallParts(now);
    var relative = /^(?:\+|in |dans |بعد )\s*(\d+)?\s*([^\d\s]*)$/.exec(text);
    if (relative) {
      var unit = relative[2] || "m";
      var minutes = relative[1] ? (unitMinutes(unit) || 0) * +relative[1] : DUAL[unit];
      return minutes ? wallParts(now + minutes * MINUTE) : null;
    }
    var day = /^(today|aujourd'hui|اليوم|tomorrow|demain|غدا|غداً|غدًا)(?: (?:at |à |على |الساعة )?(.+))?$/.exec(text);
    if (day) {
      var base = wallParts(now);
      var at = day[2] ? clock(day[2]) : { h: 8, mi: 0 };
      if (!at) return null;
      var target = /^(tomorrow|demain|غدا|غداً|غدًا)$/.test(day[1]) ? addDays(base, 1) : base;
      return { y: target.y, m: target.m, d: target.d, h: at.h, mi: at.mi };
    }
    var iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t](.+))?$/.exec(text) || null;
    var french = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (.+))?$/.exec(text);
    if (iso || french) {
      var time = (iso || french)[4] ? clock((iso || french)[4]) : { h: 0, mi: 0 };
      if (!time) return null;
      return iso ? { y: +iso[1], m: +iso[2], d: +iso[3], h: time.h, mi: time.mi }
        : { y: +french[3], m: +french[2], d: +french[1], h: time.h, mi: time.mi };
    }
    var only = clock(text);
    if (only) {
      var today = wallParts(now);
      return { y: today.y, m: today.m, d: today.d, h: only.h, mi: only.mi };
    }
    return null;
  }

  function pad(number) { return (number < 10 ? "0" : "") + number; }

  function hhmm(wall) { return pad(wall.h) + ":" + pad(wall.mi); }

  function describe(wall) {
    return String(WORDS.date_time).replace(/%\((\w+)\)s/g, function (_match, name) {
      return { day: wall.d, month: WORDS.months[wall.m - 1], year: wall.y, time: hhmm(wall) }[name];
    });
  }

  // The date field in the format the server reads first (DATE_INPUT_FORMATS[0]).
  function writeDate(wall) {
    if (WORDS.date_input === "%d/%m/%Y") return pad(wall.d) + "/" + pad(wall.m) + "/" + wall.y;
    return wall.y + "-" + pad(wall.m) + "-" + pad(wall.d);
  }

  function readDate(value) {
    var text = westernDigits(value).trim();
    var iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
    if (iso) return { y: +iso[1], m: +iso[2], d: +iso[3] };
    var french = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(text);
    return french ? { y: +french[3], m: +french[2], d: +french[1] } : null;
  }

  // The wall clock a split date-time field holds now, or null when its date is empty or unreadable.
  function readField(name) {
    var date = document.querySelector("input[name=" + name + "_0]");
    var time = document.querySelector("input[name=" + name + "_1]");
    if (!date || !date.value.trim()) return null;
    var day = readDate(date.value);
    var at = /^(\d{1,2})(?::(\d{2}))?(?::\d{2})?$/.exec(westernDigits(time ? time.value.trim() : ""));
    if (!day) return null;
    return { y: day.y, m: day.m, d: day.d, h: at ? +at[1] : 0, mi: at && at[2] ? +at[2] : 0 };
  }

  function fire(input) {
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function attach(name) {
    var date = document.querySelector("input[name=" + name + "_0]");
    var time = document.querySelector("input[name=" + name + "_1]");
    if (!date || !time || date.dataset.shortcuts) return;
    date.dataset.shortcuts = "1";
    var row = date.closest(".form-row") || date.parentElement;
    var box = document.createElement("div");
    box.className = "time-entry";
    var input = document.createElement("input");
    input.type = "text";
    input.className = "time-entry__words";
    // No name: the words are never posted, only the date and time they fill in.
    input.setAttribute("aria-label", WORDS.shortcut_label);
    input.placeholder = WORDS.shortcut_help;
    input.setAttribute("dir", "auto");
    var shown = document.createElement("div");
    shown.className = "help time-entry__shown";
    shown.setAttribute("aria-live", "polite");
    var zone = document.createElement("div");
    zone.className = "help time-entry__zone";
    zone.textContent = WORDS.zone_note;
    box.appendChild(input);
    box.appendChild(shown);
    box.appendChild(zone);
    (date.closest("p.datetime") || date.parentElement).insertAdjacentElement("afterend", box);

    function show() {
      var wall = readField(name);
      shown.textContent = wall ? describe(wall) : "";
    }
    function apply() {
      var wall = parse(input.value);
      if (!wall) {
        shown.textContent = input.value.trim() ? WORDS.not_understood : "";
        return;
      }
      date.value = writeDate(wall);
      time.value = hhmm(wall) + ":00";
      fire(date);
      fire(time);
      input.value = "";
      show();
    }
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();  // Enter here sets the time; it does not save the story
        apply();
      }
    });
    input.addEventListener("change", apply);
    ["input", "change"].forEach(function (type) {
      date.addEventListener(type, show);
      time.addEventListener(type, show);
    });
    document.addEventListener("click", function () { setTimeout(show); });
    show();
    row.classList.add("has-time-entry");
  }

  window.NewsroomTime = {
    parse: parse, wallToEpoch: wallToEpoch, wallParts: wallParts, readField: readField, describe: describe,
  };

  function start() {
    if (!WORDS) return;
    ["published_at", "front_page_from", "front_page_until", "breaking_until"].forEach(attach);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
