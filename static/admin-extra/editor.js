// The compose screen's helpers: text direction per language, live word counts and reading
// time, a headline length hint, tag suggestions, the "also editing" heartbeat, Ctrl+S, the
// Publish/Schedule button and the line saying what readers will see (times through datetime.js), and the admin's language on what other scripts write in English
// (language tabs, the prose editor's toolbar). Words come from the page (compose_screen_words).
(function () {
  "use strict";
  var WORDS_PER_MINUTE = 200;
  var HEADLINE_HINT = 70; // search engines show about this many characters
  var WORDS = readWords();

  function readWords() {
    var element = document.getElementById("compose-screen-words");
    return element ? JSON.parse(element.textContent) : { languages: {}, toolbar: {} };
  }

  function fill(template, values) {
    return String(template || "").replace(/%\((\w+)\)s/g, function (_match, name) { return values[name]; });
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function countWords(text) {
    var words = text.trim().split(/\s+/).filter(Boolean);
    return words.length;
  }

  function statsLine(afterElement) {
    var line = document.createElement("div");
    line.className = "text-stats";
    line.setAttribute("aria-live", "polite");
    afterElement.insertAdjacentElement("afterend", line);
    return line;
  }

  // French and English editors are left to right whatever the admin's language.
  function setEditorDirections() {
    document.querySelectorAll(".prose-editor").forEach(function (wrapper) {
      var textarea = wrapper.querySelector("textarea") || wrapper.parentElement.querySelector("textarea");
      var editable = wrapper.querySelector(".ProseMirror[contenteditable]");
      if (!textarea || !editable) return;
      if (/_(fr|en)$/.test(textarea.name)) editable.setAttribute("dir", "ltr");
    });
  }

  function watchBodies() {
    document.querySelectorAll(".prose-editor").forEach(function (wrapper) {
      var editable = wrapper.querySelector(".ProseMirror[contenteditable]");
      if (!editable || wrapper.dataset.statsAttached) return;
      wrapper.dataset.statsAttached = "1";
      var line = statsLine(wrapper);
      function update() {
        var words = countWords(editable.innerText || "");
        var minutes = Math.max(1, Math.round(words / WORDS_PER_MINUTE));
        line.textContent = fill(WORDS.words, { words: words, minutes: minutes });
      }
      new MutationObserver(update).observe(editable, { childList: true, subtree: true, characterData: true });
      update();
    });
  }

  function watchHeadlines() {
    document.querySelectorAll("[name^=headline_]").forEach(function (input) {
      var line = statsLine(input);
      function update() {
        var length = input.value.trim().length;
        var tooLong = length > HEADLINE_HINT;
        line.textContent = fill(WORDS.characters, { count: length }) +
          (tooLong ? " · " + fill(WORDS.too_long, { limit: HEADLINE_HINT }) : "");
        line.classList.toggle("too-long", tooLong);
      }
      input.addEventListener("input", update);
      update();
    });
  }

  function suggestTags() {
    var input = document.querySelector("input[name=tags]");
    if (!input) return;
    var list = document.createElement("datalist");
    list.id = "tag-suggestions";
    document.body.appendChild(list);
    var url = location.pathname.replace(/\/(add|\d+\/change)\/?$/, "/tag-suggestions/");
    var timer;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var parts = input.value.split(/[,،]/);
        var last = parts.pop().trim();
        if (last.length < 2) return;
        fetch(url + "?q=" + encodeURIComponent(last), { credentials: "same-origin" })
          .then(function (response) { return response.json(); })
          .then(function (data) {
            var prefix = parts.length ? parts.join("، ") + "، " : "";
            list.innerHTML = "";
            data.tags.forEach(function (name) {
              var option = document.createElement("option");
              option.value = prefix + name;
              list.appendChild(option);
            });
          });
      }, 200);
    });
    input.setAttribute("list", list.id);
  }

  function heartbeat() {
    var banner = document.getElementById("other-editors");
    if (!banner) return;
    var url = banner.dataset.presenceUrl;
    function send() {
      var body = new FormData();
      body.append("csrfmiddlewaretoken", csrfToken());
      fetch(url, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          banner.hidden = data.others.length === 0;
          banner.textContent = banner.dataset.label + " " + data.others.join("، ");
        })
        .catch(function () {});
    }
    setInterval(send, 30000);
    window.addEventListener("pagehide", function () {
      var body = new FormData();
      body.append("csrfmiddlewaretoken", csrfToken());
      body.append("leave", "1");
      navigator.sendBeacon(url, body);
    });
  }

  // Ctrl+S (Cmd+S) saves and keeps the story open, from any field, the body editor included;
  // never the browser's own "save page" dialog.
  function saveWithKeyboard() {
    document.addEventListener("keydown", function (event) {
      var s = (event.key || "").toLowerCase() === "s" || event.code === "KeyS";
      if (!s || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      event.preventDefault();
      var button = document.querySelector("#article_form [name=_continue]");
      if (!button || event.repeat || button.form.dataset.saving) return;
      button.form.dataset.saving = "1";
      button.form.requestSubmit(button);
      // A refused submit (nothing left the page) may be tried again.
      setTimeout(function () { delete button.form.dataset.saving; }, 3000);
    }, true);
  }

  // Publish becomes Schedule while the publish time is in the future, as the server would decide;
  // and the line under the publishing box says what readers will see, before the save.
  function followPublishTime() {
    var button = document.querySelector(".compose-actions__button[data-timed]");
    var outlook = document.getElementById("publish-outlook");
    var status = document.querySelector("select[name=status]");
    var date = document.querySelector("input[name=published_at_0]");
    var time = document.querySelector("input[name=published_at_1]");
    var clock = window.NewsroomTime;
    var words = readPublishingWords();
    if (!date || !time || !clock) return;
    var row = document.querySelector(".field-published_at");
    if (outlook && row) row.insertAdjacentElement("afterend", outlook);
    function update() {
      var wall = clock.readField("published_at");
      var when = wall ? clock.wallToEpoch(wall) : null;
      var later = when !== null && when > Date.now();
      if (button) {
        var choice = later ? WORDS.schedule : WORDS.publish;
        button.value = choice[0];
        button.textContent = choice[1];
      }
      if (outlook && words) outlook.textContent = outlookLine(words, status ? status.value : null, button, wall, when);
    }
    ["input", "change"].forEach(function (type) {
      date.addEventListener(type, update);
      time.addEventListener(type, update);
      if (status) status.addEventListener(type, update);
    });
    // The calendar and clock shortcuts set the value without an event.
    document.addEventListener("click", function () { setTimeout(update); });
    // "in 2 hours" becomes "in 1 h 59 min" as time passes.
    setInterval(update, 30000);
    update();
  }

  function readPublishingWords() {
    var element = document.getElementById("publishing-words");
    return element ? JSON.parse(element.textContent) : null;
  }

  // The status that will be saved: the status list's, or for a story whose status is not offered
  // (its next step is the primary button) the one that button would give.
  function outlookLine(words, status, button, wall, when) {
    var target = status || (button ? button.value : null);
    if (!target || words.public.indexOf(target) < 0) {
      return target ? fill(words.hidden, { status: words.statuses[target] }) : "";
    }
    if (when === null) return target === words.published ? words.live : words.no_time;
    var minutes = Math.round((when - Date.now()) / 60000);
    if (minutes <= 0) return words.live;
    var relative = minutes < 60 ? fill(words.in_minutes, { minutes: minutes })
      : minutes < 48 * 60 ? fill(words.in_hours, { hours: Math.floor(minutes / 60), minutes: minutes % 60 })
      : fill(words.in_days, { days: Math.round(minutes / 1440) });
    return fill(words.will_appear, { when: window.NewsroomTime.describe(wall), relative: relative });
  }

  // A headline or a deck is one line: Enter does not break it (the server joins pasted lines too).
  function keepOnOneLine() {
    document.querySelectorAll("textarea[data-one-line]").forEach(function (area) {
      area.addEventListener("keydown", function (event) {
        if (event.key === "Enter") event.preventDefault();
      });
    });
  }

  // Other scripts write some labels in English: modeltranslation's language tabs and switch
  // (language codes), the prose editor's toolbar. Give them the admin's words.
  function translateLabels(root) {
    root.querySelectorAll(".ui-tabs-nav li[aria-controls] > a.ui-tabs-anchor").forEach(function (anchor) {
      var code = anchor.parentElement.getAttribute("aria-controls").split("_").pop();
      var name = WORDS.languages[code];
      if (name && anchor.textContent !== name) {
        anchor.textContent = name;
        anchor.setAttribute("lang", document.documentElement.lang);
      }
    });
    root.querySelectorAll("#modeltranslation-main-switch option").forEach(function (option) {
      option.dataset.code = option.dataset.code || option.textContent.trim();
      var name = WORDS.languages[option.dataset.code];
      if (name && option.textContent !== name) option.textContent = name;
    });
    var mainSwitch = root.querySelector("#modeltranslation-main-switch");
    if (mainSwitch && !mainSwitch.hasAttribute("aria-label")) mainSwitch.setAttribute("aria-label", WORDS.language_switch);
    root.querySelectorAll(".prose-menubar [data-name]").forEach(function (item) {
      var label = WORDS.toolbar[item.dataset.name];
      if (!label) return;
      if (item.classList.contains("prose-menubar__option")) {
        var shown = item.firstElementChild || item;
        if (shown.textContent !== label) shown.textContent = label;
      } else if (item.getAttribute("aria-label") !== label) {
        item.setAttribute("aria-label", label);
        item.setAttribute("title", label);
      }
    });
    // The block-type picker's current choice carries no data-name: it repeats one of the options.
    root.querySelectorAll(".prose-menubar__selected .prose-menubar__button").forEach(function (button) {
      var label = WORDS.toolbar.block_type;
      if (label && button.getAttribute("aria-label") !== label) {
        button.setAttribute("aria-label", label);
        button.setAttribute("title", label);
      }
    });
  }

  // What other scripts build, made usable with a screen reader (axe-core checks the screen).
  function repairAccessibility(root) {
    // modeltranslation's tabs: jQuery UI makes the list item the tab; the link inside it
    // would be a second control nested in the first.
    root.querySelectorAll(".ui-tabs-nav li[role=tab] > a[href]").forEach(function (anchor) {
      anchor.removeAttribute("href");
    });
    // The body editors are named after their field and language.
    root.querySelectorAll(".prose-editor").forEach(function (wrapper) {
      var editable = wrapper.querySelector(":scope > .ProseMirror[contenteditable]");
      var textarea = wrapper.querySelector("textarea");
      var label = textarea && document.querySelector("label[for='" + textarea.id + "']");
      if (!editable || !label || editable.hasAttribute("aria-label")) return;
      var language = WORDS.languages[textarea.name.split("_").pop()];
      editable.setAttribute("aria-label", label.textContent.replace(/[:：]\s*$/, "").trim() + (language ? " (" + language + ")" : ""));
    });
    // Select2 (the admin's autocompletes): its search box has no label, and its "clear"
    // control sits inside its list of choices, where only list items belong.
    root.querySelectorAll(".select2-container").forEach(function (container) {
      var select = container.previousElementSibling;
      var label = select && select.id && document.querySelector("label[for='" + select.id + "']");
      var search = container.querySelector(".select2-search__field");
      if (search && label && !search.hasAttribute("aria-label")) {
        search.setAttribute("aria-label", label.textContent.replace(/[:：]\s*$/, "").trim());
      }
      // A single choice is named by the field's label, then the choice (empty at first).
      var single = container.querySelector(".select2-selection--single");
      var shown = single && single.querySelector(".select2-selection__rendered");
      if (single && shown && label && !single.dataset.named) {
        label.id = label.id || "label_" + select.id;
        shown.removeAttribute("role");
        shown.removeAttribute("aria-readonly");
        single.setAttribute("aria-labelledby", label.id + " " + shown.id);
        single.dataset.named = "1";
      }
      container.querySelectorAll("ul.select2-selection__rendered > :not(li)").forEach(function (stray) {
        stray.parentElement.parentElement.insertBefore(stray, stray.parentElement);
      });
    });
  }

  function keepOtherScriptsInStep() {
    var form = document.getElementById("article_form") || document.body;
    var pending = false;
    translateLabels(document);
    repairAccessibility(document);
    new MutationObserver(function (records) {
      // Typing in the body changes its nodes all the time; that is not where labels appear.
      var elsewhere = records.some(function (record) {
        return !record.target.closest || !record.target.closest("[contenteditable=true]");
      });
      if (!elsewhere || pending) return;
      pending = true;
      requestAnimationFrame(function () {
        pending = false;
        translateLabels(document);
        repairAccessibility(document);
      });
    }).observe(form.parentElement || form, { childList: true, subtree: true });
  }

  // The preview's address is copied whole, to send to someone: one click selects it, and it is
  // the full address of this site (the server writes the path).
  function selectPreviewAddress() {
    var box = document.querySelector(".preview-address");
    if (!box) return;
    box.value = new URL(box.value, document.baseURI).href;
    box.addEventListener("focus", function () { box.select(); });
  }

  function start() {
    setEditorDirections();
    watchBodies();
    watchHeadlines();
    suggestTags();
    heartbeat();
    saveWithKeyboard();
    followPublishTime();
    keepOnOneLine();
    keepOtherScriptsInStep();
    selectPreviewAddress();
    // The prose editors are built by their own script, later on a busy machine: each one
    // announces itself when ready.
    document.addEventListener("prose-editor:ready", function () { setEditorDirections(); watchBodies(); });
    setTimeout(function () { setEditorDirections(); watchBodies(); }, 500);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
