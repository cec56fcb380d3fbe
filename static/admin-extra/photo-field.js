// The story form's photo field (photos/widgets.py): shows the picked photo as soon as the
// library's window hands its number back, and saves a new focal point when the photo is clicked.
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function answer(response) {
    return response.ok ? response.json() : Promise.reject(response);
  }

  function init(field) {
    var input = field.querySelector("input[type=hidden]");
    var card = field.querySelector(".photo-field__card");
    var frame = field.querySelector(".photo-field__frame");
    var image = field.querySelector(".photo-field__image");
    var status = field.querySelector(".photo-field__status");
    var empty = field.querySelector(".photo-field__empty");
    var remove = field.querySelector(".photo-field__remove");
    var undescribed = field.querySelector(".photo-field__undescribed");
    var shown = input.value.trim();
    var focal = window.newsroomFocalPoint;

    function say(text, ok) {
      status.textContent = text;
      status.classList.toggle("photo-field__status--ok", !!ok);
      status.classList.toggle("photo-field__status--error", !ok && !!text);
    }

    function write(selector, text) {
      field.querySelector(selector).textContent = text || "";
    }

    function render(photo, absence) {
      card.hidden = !photo;
      empty.hidden = !!photo;
      empty.textContent = absence || field.dataset.empty;
      remove.hidden = !photo;
      if (!photo) return;
      if (photo.image) {
        image.src = photo.image.url;
        image.width = photo.image.width;
        image.height = photo.image.height;
      } else {
        image.removeAttribute("src");
      }
      write(".photo-field__title", photo.title);
      write(".photo-field__caption", photo.caption);
      write(".photo-field__credit", photo.credit);
      undescribed.hidden = photo.described;
      field.querySelector(".photo-field__edit").href = photo.change_url;
      focal.show(frame, photo.focal_x, photo.focal_y);
    }

    function load(again) {
      var id = input.value.trim();
      if (id === shown && again !== true) return;
      shown = id;
      say("");
      if (!id) {
        render(null);
        return;
      }
      fetch(field.dataset.infoUrl.replace("__id__", encodeURIComponent(id)), { credentials: "same-origin" })
        .then(answer)
        .then(function (photo) {
          if (input.value.trim() === id) render(photo);
        })
        .catch(function () {
          render(null, field.dataset.missing);
        });
    }

    // Django's lookup window sets the value and fires "change" through jQuery, which native
    // listeners do not hear; a value typed or set by a script is heard natively.
    input.addEventListener("change", load);
    if (window.django && window.django.jQuery) window.django.jQuery(input).on("change", load);

    // Back from describing the photo in the library (another tab): show what it says now.
    window.addEventListener("focus", function () {
      if (input.value.trim()) load(true);
    });

    remove.addEventListener("click", function () {
      input.value = "";
      load();
    });

    if (!field.dataset.focalUrl) return;
    frame.addEventListener("click", function (event) {
      var id = input.value.trim();
      if (!id || frame.classList.contains("is-saving")) return;
      var spot = focal.spotClicked(frame, event);
      focal.show(frame, spot.x, spot.y);
      var body = new FormData();
      body.append("focal_x", spot.x);
      body.append("focal_y", spot.y);
      frame.classList.add("is-saving");
      say("");
      fetch(field.dataset.focalUrl.replace("__id__", encodeURIComponent(id)), {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken() },
      })
        .then(answer)
        .then(function (photo) {
          render(photo);
          say(field.dataset.saved, true);
        })
        .catch(function () {
          say(field.dataset.failed);
        })
        .finally(function () {
          frame.classList.remove("is-saving");
        });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".photo-field").forEach(init);
  });
})();
