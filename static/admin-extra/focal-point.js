// Focal-point picker: a click on the photo fills the focal point fields (0 to 1 across and down).
(function () {
  "use strict";
  function init() {
    var picker = document.querySelector(".focal-picker");
    var x = document.querySelector("[data-focal-axis=x]");
    var y = document.querySelector("[data-focal-axis=y]");
    if (!picker || !x || !y) return;
    function show() {
      picker.style.setProperty("--focal-x", x.value || 0.5);
      picker.style.setProperty("--focal-y", y.value || 0.5);
    }
    picker.addEventListener("click", function (event) {
      var box = picker.querySelector("img").getBoundingClientRect();
      x.value = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width)).toFixed(2);
      y.value = Math.min(1, Math.max(0, (event.clientY - box.top) / box.height)).toFixed(2);
      show();
    });
    x.addEventListener("input", show);
    y.addEventListener("input", show);
  }
  document.addEventListener("DOMContentLoaded", init);
})();
