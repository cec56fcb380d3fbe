// Counts one reader view after the page has loaded. Sent as a beacon so it
// still counts when the page itself came from a cache, and never delays it.
(function () {
  var script = document.currentScript;
  if (!script) return;
  var url = script.dataset.url;
  var article = script.dataset.article;

  // A random id kept by this browser only, so one reader counts once per story
  // even when many readers share one address. It identifies nobody.
  function visitorId() {
    try {
      var id = localStorage.getItem("newsroom-visitor");
      if (!id) {
        id = (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2) + Date.now());
        localStorage.setItem("newsroom-visitor", id);
      }
      return id;
    } catch (error) {
      return "";
    }
  }

  function send() {
    var data = new FormData();
    data.append("article", article);
    data.append("visitor", visitorId());
    if (navigator.sendBeacon && navigator.sendBeacon(url, data)) return;
    fetch(url, { method: "POST", body: data, keepalive: true, credentials: "same-origin" });
  }
  // Sent after the page has loaded, from idle time only: no load listener, so no script runs
  // in the tasks where the browser lays the page out, and reading the visitor id (which opens
  // the browser's storage) never holds up the first taps and scrolls. The script stays
  // "defer", not "async": a deferred script waits for the stylesheet, and so does
  // DOMContentLoaded, which otherwise forces a layout of the unstyled page.
  var idle = window.requestIdleCallback ? window.requestIdleCallback.bind(window) : function (callback) { return setTimeout(callback, 50); };
  function whenLoaded() {
    if (document.readyState === "complete") send();
    else idle(whenLoaded, { timeout: 1000 });
  }
  idle(whenLoaded, { timeout: 1000 });
})();
