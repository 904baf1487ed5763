// Triage at speed: filters applied on change, placeholders highlighted and jumped to, Approve
// refused before any confirm box while placeholders remain, and keyboard shortcuts (`?` lists
// them). Everything here is an enhancement: without it the forms and links do the same work.
"use strict";

(() => {
  // The same pattern as replies/placeholders.py (the server refuses with it too).
  const PLACEHOLDER = /\[\[\s*STAFF\s*:[^\n]*?(?:\]\]|(?=\n)|$)/gi;

  const NOT_TYPED = ["checkbox", "radio", "button", "submit", "reset"];
  const typing = (target) =>
    target instanceof HTMLElement &&
    (target.isContentEditable || ["TEXTAREA", "SELECT"].includes(target.tagName) ||
     (target.tagName === "INPUT" && !NOT_TYPED.includes(target.type)));

  // Filters: a changed select or checkbox applies at once; focus comes back to it after the reload.
  const filters = document.querySelector("form[data-apply-on-change]");
  if (filters) {
    const submit = filters.querySelector("button[type=submit]");
    if (submit) submit.hidden = true; // Enter in the search box still submits
    filters.addEventListener("change", (event) => {
      if (!(event.target instanceof HTMLSelectElement || event.target.type === "checkbox")) return;
      sessionStorage.setItem("triage-focus", event.target.name);
      // The form's GET, without its empty and default fields: the URL stays short and bookmarkable.
      const query = new URLSearchParams();
      for (const [name, value] of new FormData(filters)) {
        if (value && !(name === "status" && value === "active")) query.append(name, value);
      }
      window.location.assign(filters.action.split("?")[0] + (query.size ? `?${query}` : ""));
    });
    const refocus = sessionStorage.getItem("triage-focus");
    sessionStorage.removeItem("triage-focus");
    if (refocus) filters.querySelector(`[name="${CSS.escape(refocus)}"]`)?.focus();
  }

  // Bulk selection: a count beside the bulk buttons, and one box that selects the whole page.
  const picks = [...document.querySelectorAll("input[name=pick][form=bulk]")];
  const pickAll = document.querySelector("[data-pick-all]");
  const picked = document.querySelector("[data-picked]");
  const countPicks = () => {
    const chosen = picks.filter((box) => box.checked).length;
    if (picked) picked.value = String(chosen);
    if (pickAll) pickAll.checked = chosen > 0 && chosen === picks.length;
  };
  for (const box of picks) box.addEventListener("change", countPicks);
  if (pickAll) {
    pickAll.hidden = false;
    pickAll.addEventListener("change", () => {
      for (const box of picks) box.checked = pickAll.checked;
      countPicks();
    });
  }
  countPicks();

  // Placeholders: highlighted behind the editor's text, and "Next placeholder" selects each in turn.
  const editor = document.querySelector("textarea[data-draft-body]");
  const found = () => (editor ? [...editor.value.matchAll(PLACEHOLDER)] : []);

  function paintBackdrop() {
    if (!editor || editor.readOnly) return;
    let backdrop = editor.parentElement.querySelector(".placeholder-backdrop");
    if (!backdrop) {
      backdrop = document.createElement("div");
      backdrop.className = "placeholder-backdrop";
      backdrop.setAttribute("aria-hidden", "true");
      editor.before(backdrop);
      editor.classList.add("over-backdrop");
      editor.addEventListener("scroll", () => { backdrop.scrollTop = editor.scrollTop; });
    }
    const style = getComputedStyle(editor);
    for (const name of ["font", "lineHeight", "letterSpacing", "padding", "borderWidth", "width", "height"]) {
      backdrop.style[name] = style[name];
    }
    backdrop.replaceChildren();
    let last = 0;
    for (const match of found()) {
      backdrop.append(editor.value.slice(last, match.index));
      const mark = document.createElement("mark");
      mark.textContent = match[0];
      backdrop.append(mark);
      last = match.index + match[0].length;
    }
    backdrop.append(editor.value.slice(last) + "\n");
    backdrop.scrollTop = editor.scrollTop;
  }

  function jumpToPlaceholder() {
    const matches = found();
    if (!matches.length) return false;
    const after = matches.find((match) => match.index >= editor.selectionEnd) || matches[0];
    editor.focus();
    editor.setSelectionRange(after.index, after.index + after[0].length);
    // Bring the selection into view: the line's share of the editor's scroll height.
    const line = editor.value.slice(0, after.index).split("\n").length - 1;
    const lines = editor.value.split("\n").length;
    editor.scrollTop = Math.max(0, (line / lines) * editor.scrollHeight - editor.clientHeight / 3);
    return true;
  }

  const nextButton = document.querySelector("[data-next-placeholder]");
  if (editor && !editor.readOnly) {
    paintBackdrop();
    editor.addEventListener("input", paintBackdrop);
    window.addEventListener("resize", paintBackdrop);
    if (nextButton) {
      nextButton.hidden = false;
      nextButton.addEventListener("click", jumpToPlaceholder);
    }
  }

  // Approve: refused here, before the confirm box, while a placeholder remains (the server refuses too).
  document.addEventListener("click", (event) => {
    const approve = event.target.closest("[data-approve]");
    if (!approve || !editor || !found().length) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    let note = approve.form.querySelector(".placeholder-refusal");
    if (!note) {
      note = document.createElement("p");
      note.className = "notice error placeholder-refusal";
      note.setAttribute("role", "alert");
      approve.closest(".buttons").before(note);
    }
    note.textContent = `${approve.dataset.placeholderRefusal} ${found().map((m) => m[0]).join("; ")}`;
    jumpToPlaceholder();
  }, true); // capture: runs before console.js's confirm box

  // Keyboard shortcuts.
  const dialog = document.querySelector("dialog[data-shortcuts]");
  const opener = document.querySelector("[data-shortcuts-open]");
  let returnFocus = null;
  function showHelp() {
    if (!dialog || dialog.open) return;
    returnFocus = document.activeElement;
    dialog.showModal(); // a modal dialog: focus moves in, Esc closes it, the page behind is inert
  }
  if (dialog) {
    dialog.addEventListener("close", () => returnFocus?.focus());
    dialog.querySelector("[data-shortcuts-close]")?.addEventListener("click", () => dialog.close());
  }
  if (opener) {
    opener.hidden = false;
    opener.addEventListener("click", showHelp);
  }

  const rows = [...document.querySelectorAll("table[data-queue] tbody tr")];
  let current = -1;
  function selectRow(index) {
    if (!rows.length) return;
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach((row, i) => row.classList.toggle("current", i === current));
    rows[current].querySelector("a[data-open]")?.focus();
  }
  const follow = (selector) => {
    const link = document.querySelector(selector);
    if (link) window.location.assign(link.href);
  };

  const onQueue = { j: () => selectRow(current + 1), k: () => selectRow(current - 1),
    o: () => rows[Math.max(current, 0)]?.querySelector("a[data-open]")?.click() };
  onQueue.Enter = onQueue.o;
  const onTicket = { j: () => follow("a[rel=next]"), k: () => follow("a[rel=prev]"),
    a: () => document.querySelector("[data-approve]")?.click() };
  const everywhere = {
    "/": () => document.querySelector("[data-shortcut-search]")?.focus(),
    "?": showHelp,
  };
  const keys = { ...(rows.length ? onQueue : {}), ...(editor || document.querySelector("a[data-back]") ? onTicket : {}),
    ...everywhere };

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if ((dialog && dialog.open) || typing(event.target)) return;
    // Enter on a link or button does its own thing; the shortcut only opens when nothing is focused.
    if (event.key === "Enter" && event.target !== document.body) return;
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });
})();
