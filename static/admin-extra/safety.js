/* Nothing typed on the compose screen is lost (articles/admin_history.py, includes/safety.html).
 *
 * The form's state is posted as the person's autosave a few seconds after the last keystroke and
 * when the page is hidden, and kept in this browser too in case the server cannot be reached;
 * an autosave is offered back when the story is opened again, and a form kept across an expired
 * login is put back at once. While the page is visible it asks every 10 s whether someone else
 * saved the story, so a merge never comes as a surprise. */
(function () {
  "use strict";

  var settingsNode = document.getElementById("safety-settings");
  var form = document.getElementById("article_form");
  if (!settingsNode || !form) { return; }
  var settings = JSON.parse(settingsNode.textContent);
  var AUTOSAVE_DELAY = 2000;
  var VERSION_CHECK_EVERY = 10000;
  var dirty = false;
  var submitting = false;
  var timer = null;
  // Bodies restored before their editor was built: set once it announces itself.
  var pendingBodies = {};
  // Each body's editor, by its textarea's name, as it announced itself.
  var editors = {};

  function token() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function loadedVersion() {
    var input = form.elements.namedItem("loaded_version");
    return input ? input.value : "";
  }

  function isStoryField(element) {
    // The merge's own controls and the submit buttons are not the story.
    return element.name && !element.disabled && element.name.charAt(0) !== "_" &&
      element.name !== "csrfmiddlewaretoken" && element.name !== "loaded_version" &&
      ["file", "submit", "button", "reset"].indexOf(element.type) === -1;
  }

  function collect() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!isStoryField(element)) { return; }
      if ((element.type === "checkbox" || element.type === "radio") && !element.checked) { return; }
      var values = element.type === "select-multiple"
        ? Array.prototype.map.call(element.selectedOptions, function (option) { return option.value; })
        : [element.value];
      values.forEach(function (value) {
        if (!(element.name in data)) { data[element.name] = element.type === "select-multiple" ? [value] : value; }
        else { data[element.name] = [].concat(data[element.name], value); }
      });
    });
    return data;
  }

  function editorOf(textarea) {
    if (editors[textarea.name]) { return editors[textarea.name]; }
    var wrapper = textarea.closest(".prose-editor");
    var surface = wrapper && wrapper.querySelector(".ProseMirror");
    return surface && surface.editor ? surface.editor : null;
  }

  function setBody(textarea, html) {
    textarea.value = html;
    var editor = editorOf(textarea);
    if (editor) { editor.commands.setContent(html); textarea.value = html; }
    else { pendingBodies[textarea.name] = html; }
  }

  function fill(data, version) {
    // The version the text started from: a save then still asks to merge what others saved since.
    var loaded = form.elements.namedItem("loaded_version");
    if (loaded && version) { loaded.value = version; }
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!isStoryField(element)) { return; }
      if (!(element.name in data)) {
        if (element.type === "checkbox") { element.checked = false; }
        return;
      }
      var value = data[element.name];
      var values = (Array.isArray(value) ? value : [value]).map(String);
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = values.indexOf(element.value) !== -1;
      } else if (element.type === "select-multiple") {
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = values.indexOf(option.value) !== -1;
        });
      } else if (element.tagName === "TEXTAREA" && element.closest(".prose-editor")) {
        setBody(element, values[0]);
      } else {
        element.value = values[0];
      }
      element.dispatchEvent(new Event("input", { bubbles: true }));
      element.dispatchEvent(new Event("change", { bubbles: true }));
    });
    schedule();
  }

  document.addEventListener("prose-editor:ready", function (event) {
    var textarea = event.detail.textarea;
    if (textarea && textarea.name) { editors[textarea.name] = event.detail.editor; }
    if (textarea && pendingBodies[textarea.name] !== undefined) {
      event.detail.editor.commands.setContent(pendingBodies[textarea.name]);
      textarea.value = pendingBodies[textarea.name];
      delete pendingBodies[textarea.name];
    }
  });

  // The second line: this browser's own copy ------------------------------------------------

  function writeLocal() {
    try {
      localStorage.setItem(settings.storage_key, JSON.stringify({ at: new Date().toISOString(), data: collect(), version: loadedVersion() }));
    } catch (error) { /* storage full or refused: the server copy remains */ }
  }

  function readLocal() {
    try { return JSON.parse(localStorage.getItem(settings.storage_key) || "null"); } catch (error) { return null; }
  }

  function forgetLocal() {
    try { localStorage.removeItem(settings.storage_key); } catch (error) { /* nothing kept */ }
  }

  // The server copy ------------------------------------------------------------------------

  function payload(extra) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", token());
    body.append("data", JSON.stringify(collect()));
    body.append("loaded_version", loadedVersion());
    Object.keys(extra || {}).forEach(function (name) { body.append(name, extra[name]); });
    return body;
  }

  function send() {
    if (!dirty || submitting) { return; }
    dirty = false;
    writeLocal();
    fetch(settings.autosave_url, { method: "POST", body: payload(), credentials: "same-origin" })
      .then(function (response) { if (!response.ok) { dirty = true; } })
      .catch(function () { dirty = true; });
  }

  function schedule() {
    if (submitting) { return; }
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(send, AUTOSAVE_DELAY);
  }

  function sendNow() {
    // A beacon outlives the page: the tab closed, the laptop slept, the browser was switched.
    if (!dirty || submitting) { return; }
    writeLocal();
    if (navigator.sendBeacon && navigator.sendBeacon(settings.autosave_url, payload())) { dirty = false; }
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  // The save itself carries the text; an autosave written after it would outlive the saved story.
  form.addEventListener("submit", function () { submitting = true; clearTimeout(timer); writeLocal(); });
  window.addEventListener("pagehide", sendNow);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { sendNow(); }
  });

  // Offers ---------------------------------------------------------------------------------

  function discardOnServer() {
    fetch(settings.autosave_url, { method: "POST", body: payload({ discard: "1" }), credentials: "same-origin" });
  }

  var offer = document.getElementById("autosave-offer");
  if (offer && settings.offer) {
    offer.addEventListener("click", function (event) {
      var action = event.target.getAttribute("data-autosave");
      if (!action) { return; }
      if (action === "restore") { fill(settings.offer, settings.offer_version); } else { discardOnServer(); forgetLocal(); }
      offer.hidden = true;
    });
  }

  function sameAsForm(data) {
    return JSON.stringify(data) === JSON.stringify(collect());
  }

  function offerLocalCopy() {
    var local = readLocal();
    var localOffer = document.getElementById("autosave-local-offer");
    if (!local || !localOffer || settings.offer || settings.fill) { return; }
    if ((settings.saved_at && new Date(local.at) <= new Date(settings.saved_at)) || sameAsForm(local.data)) {
      forgetLocal();
      return;
    }
    var at = new Date(local.at);
    var time = ("0" + at.getHours()).slice(-2) + ":" + ("0" + at.getMinutes()).slice(-2);
    localOffer.querySelector(".safety-banner__text").textContent = settings.words.kept_here.replace("%(time)s", time);
    localOffer.hidden = false;
    localOffer.addEventListener("click", function (event) {
      var action = event.target.getAttribute("data-local-autosave");
      if (!action) { return; }
      if (action === "restore") { fill(local.data, local.version); } else { forgetLocal(); }
      localOffer.hidden = true;
    });
  }

  // Someone else saved ------------------------------------------------------------------------

  function checkVersion() {
    if (!settings.presence_url || document.visibilityState !== "visible" || submitting) { return; }
    var body = new FormData();
    body.append("csrfmiddlewaretoken", token());
    body.append("loaded_version", loadedVersion());
    fetch(settings.presence_url, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        var banner = document.getElementById("saved-elsewhere");
        if (!answer || !banner || !answer.saved_by) { return; }
        banner.textContent = settings.words.saved_by
          .replace("%(name)s", answer.saved_by).replace("%(time)s", answer.saved_at);
        banner.hidden = false;
      })
      .catch(function () { /* offline: the save itself still refuses a stale form */ });
  }

  if (settings.fill) { fill(settings.fill, settings.fill_version); }
  // The prose editors fill their textareas a moment after the page is built.
  setTimeout(offerLocalCopy, 1500);
  setInterval(checkVersion, VERSION_CHECK_EVERY);
}());
