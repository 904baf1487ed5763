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

// Presence: typing in a draft or a free reply tells colleagues "being edited by" (at most every 20 s).
const presenceForm = document.querySelector("form[action$='/note']");
let lastReport = 0;
for (const area of document.querySelectorAll("form[data-warn-unsaved] textarea, textarea[data-compose]")) {
  area.addEventListener("input", () => {
    if (!presenceForm || Date.now() - lastReport < 20000) return;
    lastReport = Date.now();
    const data = new FormData();
    data.append("csrf_token", presenceForm.querySelector("[name=csrf_token]").value);
    data.append("activity", "editing");
    fetch(presenceForm.action.replace(/\/note$/, "/presence"), { method: "POST", body: data, credentials: "same-origin" });
  });
}

// Snippets: inserted as plain text at the cursor of the free reply, without a reload.
const composeArea = document.querySelector("textarea[data-compose]");
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-snippet]");
  if (!link || !composeArea) return;
  event.preventDefault();
  const start = composeArea.selectionStart, end = composeArea.selectionEnd;
  composeArea.setRangeText(link.dataset.snippet, start, end, "end");
  const language = composeArea.form.querySelector("select[name=language]");
  if (language && composeArea.value === link.dataset.snippet) {
    language.value = link.dataset.snippetLanguage;
    composeArea.lang = language.value;
  }
  composeArea.focus();
});

// The free reply's language marks the text area (lang), so spell-check and screen readers follow it.
if (composeArea) {
  const language = composeArea.form.querySelector("select[name=language]");
  if (language) language.addEventListener("change", () => { composeArea.lang = language.value; });
}
