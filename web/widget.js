/*
 * Chat widget of the support-cost assistant.
 *
 * Talks to the Rasa Socket.IO channel (channels/socketio.py, long-polling): `session_request` with a
 * session id kept in localStorage, `user_uttered` with {message, session_id, customData:
 * {language}}, and `bot_uttered` messages with text, quick replies / buttons and custom payloads
 * ({"custom": {"type": "estimate", ...}} is shown as a small table).
 *
 * Every text coming from the visitor or the bot is inserted with textContent, never as HTML.
 * Needs window.io (socket.io client) and window.ASSISTANT_CONFIG (config.js, from serve.py).
 */
(function () {
  "use strict";

  var SESSION_KEY = "assistant.session_id";
  var TRANSCRIPT_KEY = "assistant.transcript";
  var TRANSCRIPT_MAX = 60;
  var REPLY_TIMEOUT_MS = 45000;
  var LANGUAGES = ["fr", "nl", "en"];

  var STRINGS = {
    fr: {
      open: "Ouvrir le chat", close: "Fermer le chat", title: "Assistant SpangenbergGroup",
      subtitle: "Estimation du coût de votre service client",
      welcome: "Bonjour ! Je peux estimer le coût d'un service client externalisé. Posez-moi votre question.",
      placeholder: "Votre message…", input: "Votre message", send: "Envoyer",
      typing: "L'assistant écrit…", offline: "Connexion au serveur impossible, nouvelle tentative…",
      log: "Conversation", you: "Vous", bot: "Assistant", estimate: "Estimation (hors TVA)",
      model: "Formule", monthly: "Par mois", firstYear: "1re année (prévue)",
      recommended: "recommandée", inHouse: "En interne",
      models: { dedicated: "Agents dédiés", per_minute: "Partagé, à la minute", per_interaction: "Partagé, à l'interaction" }
    },
    nl: {
      open: "Chat openen", close: "Chat sluiten", title: "SpangenbergGroup-assistent",
      subtitle: "Kosteninschatting voor uw klantenservice",
      welcome: "Hallo! Ik maak een kosteninschatting voor uitbestede klantenservice. Stel gerust uw vraag.",
      placeholder: "Uw bericht…", input: "Uw bericht", send: "Versturen",
      typing: "De assistent typt…", offline: "Geen verbinding met de server, nieuwe poging…",
      log: "Gesprek", you: "U", bot: "Assistent", estimate: "Inschatting (excl. btw)",
      model: "Vorm", monthly: "Per maand", firstYear: "1e jaar (verwacht)",
      recommended: "aanbevolen", inHouse: "Zelf doen",
      models: { dedicated: "Vaste medewerkers", per_minute: "Gedeeld, per minuut", per_interaction: "Gedeeld, per interactie" }
    },
    en: {
      open: "Open chat", close: "Close chat", title: "SpangenbergGroup assistant",
      subtitle: "Cost estimate for your customer service",
      welcome: "Hello! I can estimate the cost of outsourced customer service. Ask me anything about it.",
      placeholder: "Your message…", input: "Your message", send: "Send",
      typing: "The assistant is typing…", offline: "Cannot reach the server, retrying…",
      log: "Conversation", you: "You", bot: "Assistant", estimate: "Estimate (excl. VAT)",
      model: "Option", monthly: "Per month", firstYear: "First year (expected)",
      recommended: "recommended", inHouse: "In-house",
      models: { dedicated: "Dedicated agents", per_minute: "Shared, per minute", per_interaction: "Shared, per interaction" }
    }
  };

  function pickLanguage(value) {
    var code = String(value || "").slice(0, 2).toLowerCase();
    return LANGUAGES.indexOf(code) >= 0 ? code : null;
  }

  var pageLanguage = pickLanguage(document.documentElement.lang) ||
    pickLanguage(navigator.language) || "en";
  var t = STRINGS[pageLanguage];

  // ---- storage (may be unavailable: private mode, blocked cookies) ----
  function storageGet(storage, key) {
    try { return window[storage].getItem(key); } catch (e) { return null; }
  }
  function storageSet(storage, key, value) {
    try { window[storage].setItem(key, value); } catch (e) { /* ignore */ }
  }
  function newSessionId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID().replace(/-/g, "");
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  var sessionId = storageGet("localStorage", SESSION_KEY);
  if (!sessionId || !/^[A-Za-z0-9_-]{8,64}$/.test(sessionId)) {
    sessionId = newSessionId();
    storageSet("localStorage", SESSION_KEY, sessionId);
  }
  var transcript = [];
  try {
    transcript = JSON.parse(storageGet("sessionStorage", TRANSCRIPT_KEY) || "[]");
    if (!Array.isArray(transcript)) { transcript = []; }
  } catch (e) { transcript = []; }
  function remember(entry) {
    transcript.push(entry);
    if (transcript.length > TRANSCRIPT_MAX) { transcript = transcript.slice(-TRANSCRIPT_MAX); }
    storageSet("sessionStorage", TRANSCRIPT_KEY, JSON.stringify(transcript));
  }

  // ---- DOM helpers ----
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  var launcher = el("button", "aw-launcher");
  launcher.type = "button";
  launcher.setAttribute("aria-label", t.open);
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "aw-panel");
  launcher.appendChild(el("span", "aw-launcher-icon")).setAttribute("aria-hidden", "true");

  var panel = el("section", "aw-panel");
  panel.id = "aw-panel";
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", t.title);

  var header = el("header", "aw-header");
  var heading = el("div", "aw-heading");
  heading.appendChild(el("h2", "aw-title", t.title));
  heading.appendChild(el("p", "aw-subtitle", t.subtitle));
  var closeButton = el("button", "aw-close", "×");
  closeButton.type = "button";
  closeButton.setAttribute("aria-label", t.close);
  header.appendChild(heading);
  header.appendChild(closeButton);

  var log = el("div", "aw-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-label", t.log);
  log.tabIndex = 0;

  var status = el("p", "aw-status", t.offline);
  status.hidden = true;
  status.setAttribute("role", "status");

  var typing = el("div", "aw-typing");
  typing.hidden = true;
  typing.setAttribute("role", "status");
  for (var i = 0; i < 3; i += 1) { typing.appendChild(el("span", "aw-dot")).setAttribute("aria-hidden", "true"); }
  typing.appendChild(el("span", "aw-sr-only", t.typing));

  var quickReplies = el("div", "aw-quick-replies");

  var form = el("form", "aw-form");
  var inputId = "aw-input";
  var label = el("label", "aw-sr-only", t.input);
  label.htmlFor = inputId;
  var input = el("input", "aw-input");
  input.id = inputId;
  input.type = "text";
  input.autocomplete = "off";
  input.maxLength = 1000;
  input.placeholder = t.placeholder;
  var sendButton = el("button", "aw-send", t.send);
  sendButton.type = "submit";
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(sendButton);

  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(status);
  panel.appendChild(typing);
  panel.appendChild(quickReplies);
  panel.appendChild(form);
  document.body.appendChild(panel);
  document.body.appendChild(launcher);

  // ---- rendering ----
  function scrollDown() { log.scrollTop = log.scrollHeight; }

  function addBubble(from, text) {
    var row = el("div", "aw-msg aw-msg-" + from);
    row.appendChild(el("span", "aw-sr-only", (from === "user" ? t.you : t.bot) + " : "));
    row.appendChild(el("p", "aw-bubble", text));
    log.appendChild(row);
    scrollDown();
  }

  function formatter(language, currency) {
    var options = { style: "currency", currency: currency, maximumFractionDigits: 0 };
    try { return new Intl.NumberFormat(language, options); } catch (e) {
      try { return new Intl.NumberFormat("en", options); } catch (e2) { return null; }
    }
  }

  function money(fmt, value) {
    return (fmt && typeof value === "number" && isFinite(value)) ? fmt.format(value) : "–";
  }

  function range(fmt, amount) {
    amount = amount || {};
    var low = money(fmt, amount.low);
    var high = money(fmt, amount.high);
    if (low === "–" && high === "–") { return "–"; }
    return low === high ? low : low + " – " + high;
  }

  function addEstimate(estimate) {
    var language = pickLanguage(estimate.language) || pageLanguage;
    var s = STRINGS[language];
    var currency = /^[A-Z]{3}$/.test(String(estimate.currency || "")) ? estimate.currency : "EUR";
    var fmt = formatter(language, currency);
    var rows = Array.isArray(estimate.options) ? estimate.options : [];

    var table = el("table", "aw-estimate");
    table.appendChild(el("caption", null, s.estimate));
    var headRow = el("tr");
    [s.model, s.monthly, s.firstYear].forEach(function (title) {
      var th = el("th", null, title);
      th.scope = "col";
      headRow.appendChild(th);
    });
    table.appendChild(el("thead")).appendChild(headRow);
    var body = el("tbody");
    rows.forEach(function (option) {
      if (!option || typeof option !== "object") { return; }
      var tr = el("tr");
      var name = s.models[option.model] || String(option.model || "?");
      var th = el("th", null, name);
      th.scope = "row";
      if (option.model && option.model === estimate.recommended) {
        tr.className = "aw-recommended";
        th.appendChild(el("span", "aw-badge", s.recommended));
      }
      tr.appendChild(th);
      tr.appendChild(el("td", null, range(fmt, option.monthly)));
      tr.appendChild(el("td", null, money(fmt, (option.first_year || {}).expected)));
      body.appendChild(tr);
    });
    var inHouse = estimate.in_house;
    if (inHouse && typeof inHouse === "object" && inHouse.monthly) {
      var tr = el("tr", "aw-in-house");
      var th = el("th", null, s.inHouse);
      th.scope = "row";
      tr.appendChild(th);
      tr.appendChild(el("td", null, range(fmt, inHouse.monthly)));
      tr.appendChild(el("td", null, money(fmt, (inHouse.first_year || {}).expected)));
      body.appendChild(tr);
    }
    table.appendChild(body);

    var row = el("div", "aw-msg aw-msg-bot");
    row.appendChild(table);
    log.appendChild(row);
    scrollDown();
  }

  function clearQuickReplies() {
    while (quickReplies.firstChild) { quickReplies.removeChild(quickReplies.firstChild); }
  }

  function showQuickReplies(buttons) {
    clearQuickReplies();
    buttons.forEach(function (button) {
      if (!button || typeof button.title !== "string") { return; }
      var payload = typeof button.payload === "string" ? button.payload : button.title;
      var node = el("button", "aw-chip", button.title);
      node.type = "button";
      node.addEventListener("click", function () { send(payload, button.title); });
      quickReplies.appendChild(node);
    });
    scrollDown();
  }

  function renderEntry(entry) {
    if (entry.kind === "estimate") { addEstimate(entry.data || {}); } else { addBubble(entry.from, entry.text); }
  }

  // ---- connection ----
  var socket = null;
  var replyTimer = null;

  function setTyping(on) {
    typing.hidden = !on;
    window.clearTimeout(replyTimer);
    if (on) { replyTimer = window.setTimeout(function () { typing.hidden = true; }, REPLY_TIMEOUT_MS); }
    if (on) { scrollDown(); }
  }

  function onBotMessage(message) {
    if (!message || typeof message !== "object") { return; }
    setTyping(false);
    if (typeof message.text === "string" && message.text) {
      addBubble("bot", message.text);
      remember({ from: "bot", kind: "text", text: message.text });
    }
    var buttons = Array.isArray(message.quick_replies) ? message.quick_replies
      : (Array.isArray(message.buttons) ? message.buttons : null);
    if (buttons && buttons.length) { showQuickReplies(buttons); }
    var custom = message.custom;
    if (custom && typeof custom === "object" && custom.type === "estimate") {
      addEstimate(custom);
      remember({ from: "bot", kind: "estimate", data: custom });
    }
  }

  function connect() {
    if (socket || typeof window.io !== "function") { return; }
    var config = window.ASSISTANT_CONFIG || {};
    // From /config.js (web/serve.py: RASA_PUBLIC_URL, or the page's host on RASA_PORT); without
    // one, the page's own origin (a proxy in front of both).
    var url = config.socketUrl || window.location.origin;
    socket = window.io(url, {
      path: config.socketPath || "/socket.io",
      // HTTP long-polling only: the Rasa server (Sanic 21.12 on Python 3.11) cannot serve
      // WebSockets, see channels/socketio.py.
      transports: ["polling"],
      reconnectionDelayMax: 10000
    });
    socket.on("connect", function () {
      status.hidden = true;
      socket.emit("session_request", { session_id: sessionId });
    });
    socket.on("session_confirm", function (confirmed) {
      var id = (confirmed && typeof confirmed === "object") ? confirmed.session_id : confirmed;
      if (typeof id === "string" && /^[A-Za-z0-9_-]{8,64}$/.test(id) && id !== sessionId) {
        sessionId = id;
        storageSet("localStorage", SESSION_KEY, sessionId);
      }
    });
    socket.on("connect_error", function () { status.hidden = false; setTyping(false); });
    socket.on("disconnect", function () { status.hidden = false; });
    socket.on("bot_uttered", onBotMessage);
  }

  function send(text, shown) {
    var message = String(text || "").trim();
    if (!message) { return; }
    connect();
    if (!socket) { status.hidden = false; return; }
    clearQuickReplies();
    var visible = shown || message;
    addBubble("user", visible);
    remember({ from: "user", kind: "text", text: visible });
    setTyping(true);
    socket.emit("user_uttered", {
      message: message,
      session_id: sessionId,
      customData: { language: pageLanguage }
    });
  }

  // ---- open / close ----
  var started = false;
  function open() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    launcher.setAttribute("aria-label", t.close);
    launcher.classList.add("aw-open");
    if (!started) {
      started = true;
      addBubble("bot", t.welcome);
      transcript.forEach(renderEntry);
      connect();
    }
    input.focus();
  }
  function close() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-label", t.open);
    launcher.classList.remove("aw-open");
    launcher.focus();
  }

  launcher.addEventListener("click", function () { if (panel.hidden) { open(); } else { close(); } });
  closeButton.addEventListener("click", close);
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") { close(); } });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    input.value = "";
    send(text);
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-open-chat]"), function (node) {
    node.addEventListener("click", open);
  });

  window.AssistantWidget = Object.freeze({ open: open, close: close, send: send });
})();
