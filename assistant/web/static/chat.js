// The chat works without this file; it only counts the characters left and stops a double send.
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
  form.addEventListener("submit", () => {
    if (button) {
      // Disabled after this event, so the button still counts as the form's submitter.
      setTimeout(() => { button.disabled = true; button.textContent = form.dataset.sending; }, 0);
    }
  });
}
