// Focal-point picking: a click on a photo gives the spot as fractions across and down (0 to 1).
// The photo's own page fills its two fields with it; the story form's photo field
// (photo-field.js) saves it at once through the library's endpoint.
(function () {
  "use strict";

  function spotClicked(picker, event) {
    // The picker is left to right whatever the page: these are the photo's own coordinates.
    var box = picker.querySelector("img").getBoundingClientRect();
    return {
      x: Math.min(1, Math.max(0, (event.clientX - box.left) / box.width)).toFixed(2),
      y: Math.min(1, Math.max(0, (event.clientY - box.top) / box.height)).toFixed(2),
    };
  }

  function show(picker, x, y) {
    picker.style.setProperty("--focal-x", x === "" || x == null ? 0.5 : x);
    picker.style.setProperty("--focal-y", y === "" || y == null ? 0.5 : y);
  }

  window.newsroomFocalPoint = { spotClicked: spotClicked, show: show };

  function initPhotoPage() {
    var x = document.querySelector("[data-focal-axis=x]");
    var y = document.querySelector("[data-focal-axis=y]");
    var picker = document.querySelector(".focal-picker:not(.photo-field__frame)");
    if (!picker || !x || !y) return;
    picker.addEventListener("click", function (event) {
      var spot = spotClicked(picker, event);
      x.value = spot.x;
      y.value = spot.y;
      show(picker, x.value, y.value);
    });
    function follow() { show(picker, x.value, y.value); }
    x.addEventListener("input", follow);
    y.addEventListener("input", follow);
  }

  document.addEventListener("DOMContentLoaded", initPhotoPage);
})();
