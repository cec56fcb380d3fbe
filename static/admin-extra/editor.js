// Story form helpers: text direction per language, live word counts and reading time,
// a headline length hint, tag suggestions, and the "also editing" heartbeat.
(function () {
  "use strict";
  var WORDS_PER_MINUTE = 200;
  var HEADLINE_HINT = 70; // search engines show about this many characters

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

  function labels() {
    var rtl = document.documentElement.dir === "rtl";
    return rtl
      ? { words: "كلمة", minutes: "دقيقة قراءة", chars: "حرفًا", long: "طويل لمحركات البحث" }
      : { words: "words", minutes: "min read", chars: "characters", long: "long for search engines" };
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
    var text = labels();
    document.querySelectorAll(".prose-editor").forEach(function (wrapper) {
      var editable = wrapper.querySelector(".ProseMirror[contenteditable]");
      if (!editable || wrapper.dataset.statsAttached) return;
      wrapper.dataset.statsAttached = "1";
      var line = statsLine(wrapper);
      function update() {
        var words = countWords(editable.innerText || "");
        var minutes = Math.max(1, Math.round(words / WORDS_PER_MINUTE));
        line.textContent = words + " " + text.words + " · " + minutes + " " + text.minutes;
      }
      new MutationObserver(update).observe(editable, { childList: true, subtree: true, characterData: true });
      update();
    });
  }

  function watchHeadlines() {
    var text = labels();
    document.querySelectorAll("input[name^=headline_]").forEach(function (input) {
      var line = statsLine(input);
      function update() {
        var length = input.value.trim().length;
        line.textContent = length + " " + text.chars + (length > HEADLINE_HINT ? " · " + text.long : "");
        line.classList.toggle("too-long", length > HEADLINE_HINT);
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

  function start() {
    setEditorDirections();
    watchBodies();
    watchHeadlines();
    suggestTags();
    heartbeat();
    // The prose editors are built by their own script; catch the ones that appear later.
    setTimeout(function () { setEditorDirections(); watchBodies(); }, 500);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
