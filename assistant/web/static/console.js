// The console works without this file; it only asks before irreversible clicks and
// warns before leaving a draft with unsaved edits.
"use strict";

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});

for (const form of document.querySelectorAll("form[data-warn-unsaved]")) {
  const area = form.querySelector("textarea");
  if (!area) continue;
  const original = area.value;
  let submitting = false;
  form.addEventListener("submit", () => { submitting = true; });
  window.addEventListener("beforeunload", (event) => {
    if (!submitting && area.value !== original) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
}
