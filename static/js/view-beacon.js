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
  if (document.readyState === "complete") send();
  else window.addEventListener("load", send, { once: true });
})();
