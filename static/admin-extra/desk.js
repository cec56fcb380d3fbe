// The compose screen's "send back" button (includes/remarks.html) posts the story's form to its
// own address: a send-back needs a remark, so an empty box is pointed at before anything is sent.
"use strict";

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-needs-remark]");
  if (!button) {
    return;
  }
  const box = document.getElementById("id_remark");
  if (box && !box.value.trim()) {
    event.preventDefault();
    box.setCustomValidity(button.dataset.needsRemark);
    box.reportValidity();
    box.focus();
    box.addEventListener("input", () => box.setCustomValidity(""), { once: true });
  }
});
