// Click to load: each embed in a story is a link to the post or video until the reader asks
// for it here. Nothing is fetched from the provider before that click: no frame, no script,
// no thumbnail. The frame's address comes from the page (data-frame-src, written by the
// server from the stored provider and id), and the page's content policy lets it frame
// only the providers its embeds name.
(function () {
  // The frame's shape by kind; the stylesheet sizes it (embed--video, embed--post, ...).
  var VIDEO_PERMISSIONS = "autoplay; encrypted-media; fullscreen; picture-in-picture";

  function frameFor(box) {
    var address;
    try {
      address = new URL(box.dataset.frameSrc);
    } catch (error) {
      return null;
    }
    if (address.protocol !== "https:") return null;
    var frame = document.createElement("iframe");
    frame.src = address.href;
    frame.title = box.dataset.frameTitle || "";
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    if (box.classList.contains("embed--video")) {
      frame.allow = VIDEO_PERMISSIONS;
      frame.allowFullscreen = true;
    }
    return frame;
  }

  function load(box, control) {
    var frame = frameFor(box);
    if (!frame) return;
    var holder = document.createElement("div");
    holder.className = "embed__frame";
    holder.appendChild(frame);
    box.replaceChild(holder, control);
    box.classList.add("embed--loaded");
    frame.focus();
  }

  function offer(box) {
    var link = box.querySelector("a.embed__control");
    if (!link || !box.dataset.frameSrc) return;
    // The same face as the link, now a button: its words say what loading it means.
    var button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    while (link.firstChild) button.appendChild(link.firstChild);
    var action = button.querySelector(".embed__action");
    if (action && box.dataset.loadLabel) action.textContent = box.dataset.loadLabel;
    button.addEventListener("click", function () {
      load(box, button);
    });
    box.replaceChild(button, link);
  }

  document.querySelectorAll("figure.embed[data-embed]").forEach(offer);
})();
