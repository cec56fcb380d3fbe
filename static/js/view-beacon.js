// Counts one reader view after the page has loaded. Sent as a beacon so it
// still counts when the page itself came from a cache, and never delays it.
(function () {
  var script = document.currentScript;
  if (!script) return;
  var url = script.dataset.url;
  var article = script.dataset.article;
  function send() {
    var data = new FormData();
    data.append("article", article);
    if (navigator.sendBeacon && navigator.sendBeacon(url, data)) return;
    fetch(url, { method: "POST", body: data, keepalive: true, credentials: "omit" });
  }
  if (document.readyState === "complete") send();
  else window.addEventListener("load", send, { once: true });
})();
