// The SODEPAC privacy chat widget. Embed with one tag:
//   <script src="https://privacy.sodepac.com/static/chat-widget.js" data-lang="en" defer></script>
// It adds a button and a chat panel to the page, loads its stylesheet from where it came from, and
// talks to POST /api/chat there. Everything typed or received is shown as text (textContent), never
// as HTML. Keyboard: Enter sends, Shift+Enter starts a new line, Escape closes the panel.
(function () {
  "use strict";
  const script = document.currentScript;
  if (!script || document.querySelector(".sdp-chat")) { return; }
  const base = new URL(script.src, document.baseURI);
  const api = new URL("/api/chat", base).href;
  const storageKey = "sdp-chat-session";
  const pageLanguage = (document.documentElement.lang || navigator.language || "en").slice(0, 2).toLowerCase();
  const lang = (script.dataset.lang || pageLanguage) === "fr" ? "fr" : "en";
  const TEXT = {
    en: {
      toggle: "Privacy questions", title: "Privacy questions · SODEPAC", close: "Close the chat",
      label: "Your message", send: "Send", you: "You said:", assistant: "Assistant:",
      hello: "Hello! Ask me how SODEPAC uses your personal data, or tell me what you would like us to do " +
        "(a copy of your data, deleting it, stopping our emails...).",
      source: "Privacy policy, section: ", ticket: "Reference: ", sending: "Sending…",
      failed: "The message could not be sent. Please try again in a moment, or write to contact-sodepac@sodepac.com.",
      busy: "Too many messages: please wait a few minutes and try again.",
    },
    fr: {
      toggle: "Questions de confidentialité", title: "Confidentialité · SODEPAC", close: "Fermer le chat",
      label: "Votre message", send: "Envoyer", you: "Vous avez écrit :", assistant: "Assistant :",
      hello: "Bonjour ! Demandez-moi comment SODEPAC utilise vos données personnelles, ou dites-moi ce que vous " +
        "souhaitez (une copie de vos données, leur effacement, ne plus recevoir nos e-mails...).",
      source: "Politique de confidentialité, section : ", ticket: "Référence : ", sending: "Envoi…",
      failed: "Le message n'a pas pu être envoyé. Réessayez dans un instant, ou écrivez à contact-sodepac@sodepac.com.",
      busy: "Trop de messages : patientez quelques minutes puis réessayez.",
    },
  }[lang];

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  const style = element("link");
  style.rel = "stylesheet";
  style.href = new URL("chat-widget.css", base).href;
  document.head.appendChild(style);

  const root = element("div", "sdp-chat");
  root.lang = lang;
  const toggle = element("button", "sdp-chat-toggle", TEXT.toggle);
  toggle.type = "button";
  toggle.setAttribute("aria-expanded", "false");
  toggle.setAttribute("aria-controls", "sdp-chat-panel");
  const panel = element("section", "sdp-chat-panel");
  panel.id = "sdp-chat-panel";
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-labelledby", "sdp-chat-title");
  const head = element("div", "sdp-chat-head");
  const title = element("h2", "", TEXT.title);
  title.id = "sdp-chat-title";
  const close = element("button", "sdp-chat-close", "×");
  close.type = "button";
  close.setAttribute("aria-label", TEXT.close);
  head.append(title, close);
  const log = element("ol", "sdp-chat-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-label", TEXT.title);
  const form = element("form", "sdp-chat-form");
  const label = element("label", "sdp-chat-label", TEXT.label);
  label.htmlFor = "sdp-chat-input";
  const input = element("textarea");
  input.id = "sdp-chat-input";
  input.rows = 1;
  input.maxLength = 10000;
  input.setAttribute("autocomplete", "off");
  const send = element("button", "sdp-chat-send", TEXT.send);
  send.type = "submit";
  form.append(label, input, send);
  panel.append(head, log, form);
  root.append(panel, toggle);
  document.body.appendChild(root);

  function add(who, text, extra) {
    const item = element("li", "sdp-chat-msg " + who);
    item.appendChild(element("span", "sdp-chat-who", who === "visitor" ? TEXT.you : TEXT.assistant));
    item.appendChild(document.createTextNode(text));
    for (const citation of (extra && extra.citations) || []) {
      item.appendChild(element("span", "sdp-chat-source", TEXT.source + citation.section));
    }
    if (extra && extra.ticket) {
      const ticket = element("span", "sdp-chat-ticket", TEXT.ticket + extra.ticket);
      ticket.dataset.reference = extra.ticket;
      item.appendChild(ticket);
    }
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
    return item;
  }

  function setOpen(open) {
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    if (open) {
      if (!log.children.length) { add("assistant", TEXT.hello); }
      input.focus();
    } else {
      toggle.focus();
    }
  }

  async function submit(text) {
    add("visitor", text);
    send.disabled = true;
    send.textContent = TEXT.sending;
    try {
      const response = await fetch(api, {
        method: "POST", headers: { "Content-Type": "application/json", "Accept-Language": lang },
        body: JSON.stringify({ session: sessionStorage.getItem(storageKey), message: text }),
      });
      if (response.ok) {
        const answer = await response.json();
        sessionStorage.setItem(storageKey, answer.session);
        add("assistant", answer.reply, answer);
      } else {
        const problem = response.status === 429 ? TEXT.busy : TEXT.failed;
        add("assistant error", response.status === 413 || response.status === 400
          ? (await response.json()).detail : problem);
      }
    } catch (error) {
      add("assistant error", TEXT.failed);
    } finally {
      send.disabled = false;
      send.textContent = TEXT.send;
      input.focus();
    }
  }

  toggle.addEventListener("click", () => setOpen(panel.hidden));
  close.addEventListener("click", () => setOpen(false));
  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !panel.hidden) { event.preventDefault(); setOpen(false); }
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || send.disabled) { return; }
    input.value = "";
    submit(text);
  });
  if (script.dataset.open === "true") { setOpen(true); }
}());
