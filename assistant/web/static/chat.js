// The chat works without this file; it only counts the characters left, stops a double send, and
// keeps what was typed when the visitor switches language.
"use strict";

for (const form of document.querySelectorAll("form.chat-form")) {
  const area = form.querySelector("textarea[maxlength]");
  const counter = form.querySelector("#message-limit");
  const button = form.querySelector("button[type=submit]");
  if (area && counter) {
    const limit = Number(area.getAttribute("maxlength"));
    const show = () => {
      const left = limit - area.value.length;
      const template = left >= 0 ? counter.dataset.left : counter.dataset.over;
      counter.textContent = template.replace("{count}", Math.abs(left).toLocaleString(document.documentElement.lang));
      counter.classList.toggle("over", left < 0);
    };
    area.addEventListener("input", show);
    show();
  }
  const switcher = document.querySelector("[data-switch-language]");
  if (switcher) {
    switcher.addEventListener("click", (event) => {
      if (![...form.elements].some((field) => field.type !== "hidden" && field.value && field.value.trim())) return;
      event.preventDefault();  // post the typed fields with the switch: the form comes back in that language
      const choice = document.createElement("input");
      Object.assign(choice, { type: "hidden", name: "switch_language", value: switcher.dataset.switchLanguage });
      form.append(choice);
      form.submit();  // submit(): no submit event, so the send button is not disabled
    });
  }
  form.addEventListener("submit", () => {
    if (button) {
      // Disabled after this event, so the button still counts as the form's submitter.
      setTimeout(() => { button.disabled = true; button.textContent = form.dataset.sending; }, 0);
    }
  });
}
