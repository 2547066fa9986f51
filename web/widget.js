/*
 * Chat widget of the support-cost assistant: one script tag, everything else it loads itself.
 *
 *   <script src="https://site.example/widget.js" defer
 *           data-language="fr"                      (optional: else <html lang>, else the browser's)
 *           data-server="https://chat.example"      (optional: the Rasa server; else /config.js says)
 *           data-color="#0f7c80" data-color-text="#fff"></script>   (optional: the accent colours)
 *
 * From the script's own origin it loads widget.css, /config.js (Rasa URL, chat languages,
 * interface texts and labels in every language, from web/serve.py) and the socket.io client.
 *
 * Talks to the Rasa Socket.IO channel (channels/socketio.py, long-polling): `session_request`
 * with a session id, `user_uttered` with {message, session_id, customData: {language}}, and
 * `bot_uttered` messages with text, buttons / quick replies and custom payloads: an estimate
 * ({"custom": {"type": "estimate", ...}}) becomes a card with a chart and a PDF link.
 *
 * The session id, the transcript, the open state and the chat language live in sessionStorage:
 * they survive reloads and moving between the site's pages in the tab, and end with it. When
 * the connection drops (a Rasa restart), socket.io reconnects by itself and the widget asks for
 * the same session again; messages typed meanwhile wait in a stored outbox and go out then.
 *
 * Every text from the visitor or the bot is inserted with textContent, never as HTML.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.AssistantWidget) { return; }
  var base = new URL(script.src, window.location.href).origin;
  var data = script.dataset;

  var KEYS = { session: "assistant.session_id", transcript: "assistant.transcript",
    buttons: "assistant.quick_replies", open: "assistant.open", language: "assistant.language",
    outbox: "assistant.outbox" };
  var TRANSCRIPT_MAX = 80;
  var REPLY_TIMEOUT_MS = 30000;
  var SESSION_ID = /^[A-Za-z0-9_-]{8,64}$/;
  var SVG = "http://www.w3.org/2000/svg";
  // Alternatives the estimate card offers for an assumed value (sent as Rasa intents with entities).
  var ALTERNATIVES = { complexity: ["simple", "standard", "complex"],
    coverage: ["office_hours", "extended_hours", "24_7"] };

  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var node = document.createElement(tag);
      Object.keys(attributes).forEach(function (name) { node[name] = attributes[name]; });
      node.onload = resolve;
      node.onerror = function () { reject(new Error("cannot load " + (attributes.src || attributes.href))); };
      document.head.appendChild(node);
    });
  }

  Promise.all([
    load("link", { rel: "stylesheet", href: base + "/widget.css" }),
    load("script", { src: base + "/config.js", async: false }),
    load("script", { src: base + "/vendor/socket.io.min.js", async: false })
  ]).then(function () { start(window.ASSISTANT_CONFIG || {}); }, function (error) {
    if (window.console) { window.console.error("assistant widget:", error.message); }
  });

  // ---- storage (may be unavailable: private mode, blocked storage) ----
  function stored(key, fallback) {
    try {
      var value = window.sessionStorage.getItem(key);
      return value === null ? fallback : JSON.parse(value);
    } catch (e) { return fallback; }
  }
  function store(key, value) {
    try { window.sessionStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* ignore */ }
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function svg(tag, attributes, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, String(attributes[name])); });
    if (text !== undefined) { node.textContent = String(text); }
    return node;
  }
  function isNumber(value) { return typeof value === "number" && isFinite(value); }

  function newSessionId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function start(config) {
    var languages = (config.languages || []).filter(function (code) { return config.strings && config.strings[code]; });
    if (!languages.length) { return; }
    function pick(value) {
      var code = String(value || "").slice(0, 2).toLowerCase();
      return languages.indexOf(code) >= 0 ? code : null;
    }
    var pageLanguage = pick(data.language) || pick(document.documentElement.lang) ||
      pick(navigator.language) || languages[0];
    var language = pick(stored(KEYS.language, null)) || pageLanguage;
    var t = config.strings[language];

    var sessionId = stored(KEYS.session, null);
    if (typeof sessionId !== "string" || !SESSION_ID.test(sessionId)) {
      sessionId = newSessionId();
      store(KEYS.session, sessionId);
    }
    var transcript = stored(KEYS.transcript, []);
    if (!Array.isArray(transcript)) { transcript = []; }
    var outbox = stored(KEYS.outbox, []);
    if (!Array.isArray(outbox)) { outbox = []; }
    function remember(entry) {
      transcript.push(entry);
      if (transcript.length > TRANSCRIPT_MAX) { transcript = transcript.slice(-TRANSCRIPT_MAX); }
      store(KEYS.transcript, transcript);
    }

    // ---- the widget's frame ----
    var root = el("div", "aw-root");
    if (data.color) { root.style.setProperty("--aw-accent", data.color); }
    if (data.colorText) { root.style.setProperty("--aw-accent-text", data.colorText); }

    var launcher = el("button", "aw-launcher");
    launcher.type = "button";
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-controls", "aw-panel");
    launcher.appendChild(el("span", "aw-launcher-icon")).setAttribute("aria-hidden", "true");

    var panel = el("section", "aw-panel");
    panel.id = "aw-panel";
    panel.hidden = true;
    panel.setAttribute("role", "region");

    var header = el("header", "aw-header");
    var heading = el("div", "aw-heading");
    var title = heading.appendChild(el("h2", "aw-title"));
    var subtitle = heading.appendChild(el("p", "aw-subtitle"));
    var closeButton = el("button", "aw-close", "×");
    closeButton.type = "button";
    header.appendChild(heading);
    header.appendChild(closeButton);

    // The log is the ARIA live region: what the bot adds is read out, the history is not.
    var log = el("div", "aw-log");
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");
    log.setAttribute("aria-relevant", "additions");
    log.tabIndex = 0;

    var status = el("p", "aw-status");
    status.hidden = true;
    status.setAttribute("role", "status");

    var typing = el("div", "aw-typing");
    typing.hidden = true;
    for (var i = 0; i < 3; i += 1) { typing.appendChild(el("span", "aw-dot")).setAttribute("aria-hidden", "true"); }
    var typingText = typing.appendChild(el("span", "aw-sr-only"));

    var quickReplies = el("div", "aw-quick-replies");
    quickReplies.setAttribute("role", "group");

    var form = el("form", "aw-form");
    var label = el("label", "aw-sr-only");
    label.htmlFor = "aw-input";
    var input = el("input", "aw-input");
    input.id = "aw-input";
    input.type = "text";
    input.autocomplete = "off";
    input.maxLength = 1000;
    var sendButton = el("button", "aw-send");
    sendButton.type = "submit";
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(sendButton);

    [header, log, status, typing, quickReplies, form].forEach(function (node) { panel.appendChild(node); });
    root.appendChild(launcher);
    root.appendChild(panel);
    document.body.appendChild(root);

    function relabel() {
      t = config.strings[language];
      root.lang = language;
      launcher.setAttribute("aria-label", panel.hidden ? t.open : t.close);
      panel.setAttribute("aria-label", t.title);
      title.textContent = t.title;
      subtitle.textContent = t.subtitle;
      closeButton.setAttribute("aria-label", t.close);
      log.setAttribute("aria-label", t.log);
      status.textContent = t.offline;
      typingText.textContent = t.typing;
      quickReplies.setAttribute("aria-label", t.quick_replies);
      label.textContent = t.input;
      input.placeholder = t.placeholder;
      sendButton.textContent = t.send;
    }
    function setLanguage(value) {
      var code = pick(value);
      if (!code || code === language) { return; }
      language = code;
      store(KEYS.language, language);
      relabel();
    }
    relabel();

    // ---- rendering ----
    function scrollDown() { log.scrollTop = log.scrollHeight; }

    function addRow(from, node) {
      var row = el("div", "aw-msg aw-msg-" + from);
      row.appendChild(el("span", "aw-sr-only", from === "user" ? t.you : t.bot));
      row.appendChild(node);
      log.appendChild(row);
      scrollDown();
      return row;
    }
    function addBubble(from, text) { return addRow(from, el("p", "aw-bubble", text)); }

    function formatter(code, currency) {
      var locale = (config.locales && config.locales[code]) || code;
      try {
        return new Intl.NumberFormat(locale, { style: "currency", currency: currency, maximumFractionDigits: 0 });
      } catch (e) { return null; }
    }

    function chip(text, payload) {
      var node = el("button", "aw-chip", text);
      node.type = "button";
      node.addEventListener("click", function () { send(payload, text); });
      return node;
    }

    function chart(estimate, labels, s, money) {
      var rows = estimate.options.map(function (option) {
        return { label: labels.model[option.model] || String(option.model), amount: option.first_year || {},
          recommended: option.model === estimate.recommended, inHouse: false };
      });
      if (estimate.in_house && estimate.in_house.first_year) {
        rows.push({ label: s.in_house, amount: estimate.in_house.first_year, recommended: false, inHouse: true });
      }
      rows = rows.filter(function (row) {
        return isNumber(row.amount.low) && isNumber(row.amount.expected) && isNumber(row.amount.high);
      });
      var top = Math.max.apply(null, rows.map(function (row) { return row.amount.high; }).concat([1]));
      // Per row: the label across the top; below it the range bar, and the expected figure at its right.
      var width = 320, rowHeight = 36, left = 8, right = 8, valueWidth = 84;
      var scale = width - left - right - valueWidth;
      var node = svg("svg", { "class": "aw-chart", viewBox: "0 0 " + width + " " + (rows.length * rowHeight + 4),
        role: "img", "aria-label": s.chart, focusable: "false" });
      node.appendChild(svg("title", {}, s.chart));
      rows.forEach(function (row, index) {
        var y = index * rowHeight;
        var x = function (value) { return left + scale * Math.max(0, value) / top; };
        var group = svg("g", { "class": "aw-chart-row" + (row.inHouse ? " aw-chart-in-house" : "") +
          (row.recommended ? " aw-chart-recommended" : "") });
        group.appendChild(svg("text", { x: left, y: y + 11, "class": "aw-chart-label" }, row.label));
        group.appendChild(svg("text", { x: width - right, y: y + 26, "text-anchor": "end", "class": "aw-chart-value" },
          money(row.amount.expected)));
        group.appendChild(svg("rect", { x: left, y: y + 17, width: scale, height: 8, rx: 4, "class": "aw-chart-track" }));
        group.appendChild(svg("rect", { x: x(row.amount.low), y: y + 17, rx: 4, height: 8, "class": "aw-chart-range",
          width: Math.max(2, x(row.amount.high) - x(row.amount.low)) }));
        group.appendChild(svg("circle", { cx: x(row.amount.expected), cy: y + 21, r: 5, "class": "aw-chart-dot" }));
        node.appendChild(group);
      });
      return node;
    }

    function pdfLink(entry, container) {
      var s = config.strings[pick(entry.data.language) || language];
      var link = el("a", "aw-pdf", s.pdf);
      link.setAttribute("download", "");
      link.hidden = true;
      container.appendChild(link);
      function show(url) { link.href = base + url; link.hidden = false; }
      if (typeof entry.pdf === "string" && entry.pdf.indexOf("/estimates/") === 0) { show(entry.pdf); return; }
      window.fetch(base + (config.estimatesPath || "/estimates"), {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(entry.data)
      }).then(function (response) {
        return response.ok ? response.json() : Promise.reject(new Error(String(response.status)));
      }).then(function (answer) {
        if (!answer || typeof answer.url !== "string" || answer.url.indexOf("/estimates/") !== 0) { throw new Error("no url"); }
        entry.pdf = answer.url;
        store(KEYS.transcript, transcript);
        show(answer.url);
      }).catch(function () {
        container.appendChild(el("p", "aw-note", s.pdf_error));
      });
    }

    // A scenario value in words or in the locale's numbers ("24_7" -> "24/7", 6 -> "6 min").
    function describe(name, value, code) {
      var labels = config.labels[code], locale = (config.locales && config.locales[code]) || code;
      if (typeof value === "string" && labels[name] && labels[name][value]) { return labels[name][value]; }
      if (Array.isArray(value)) {
        var names = null;
        try { names = new Intl.DisplayNames([locale], { type: "language" }); } catch (e) { names = null; }
        return value.map(function (item) {
          return (name === "channels" ? labels.channel[item] : (names && names.of(String(item)))) || String(item);
        }).join(", ");
      }
      if (isNumber(value)) {
        var number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
        return name === "aht_minutes" ? config.strings[code].minutes.replace("{value}", number) : number;
      }
      return String(value);
    }

    function range(money, amount) {
      amount = amount || {};
      var low = money(amount.low), high = money(amount.high);
      return low === high ? low : low + " – " + high;
    }

    function addEstimate(entry) {
      var estimate = entry.data;
      var code = pick(estimate.language) || language;
      var s = config.strings[code];
      var labels = config.labels[code];
      var currency = /^[A-Z]{3}$/.test(String(estimate.currency || "")) ? estimate.currency : "EUR";
      var fmt = formatter(code, currency);
      var money = function (value) { return (fmt && isNumber(value)) ? fmt.format(value) : "–"; };
      estimate.options = Array.isArray(estimate.options) ? estimate.options.filter(function (o) { return o && typeof o === "object"; }) : [];

      var card = el("article", "aw-card");
      card.setAttribute("aria-label", s.estimate);
      card.appendChild(el("h3", "aw-card-title", s.estimate));
      var list = card.appendChild(el("ul", "aw-options"));
      estimate.options.forEach(function (option) {
        var item = list.appendChild(el("li", "aw-option"));
        var name = item.appendChild(el("p", "aw-option-name", labels.model[option.model] || String(option.model || "?")));
        if (option.model === estimate.recommended) {
          item.classList.add("aw-recommended");
          name.appendChild(el("span", "aw-badge", s.recommended));
        }
        item.appendChild(el("p", "aw-option-figures", range(money, option.monthly) + " " + s.per_month));
        var firstYear = item.appendChild(el("p", "aw-option-figures aw-strong", s.first_year + s.colon));
        firstYear.appendChild(el("span", "aw-amount", money((option.first_year || {}).expected)));
      });
      var house = estimate.in_house;
      if (house && house.monthly) {
        var item = list.appendChild(el("li", "aw-option aw-in-house"));
        item.appendChild(el("p", "aw-option-name", s.in_house));
        item.appendChild(el("p", "aw-option-figures", range(money, house.monthly) + " " + s.per_month));
      }
      card.appendChild(chart(estimate, labels, s, money));

      var assumed = Array.isArray(estimate.assumed) ? estimate.assumed : [];
      var scenario = estimate.scenario || {};
      var alternatives = assumed.filter(function (name) { return ALTERNATIVES[name] && labels[name]; });
      if (assumed.length) {
        var box = card.appendChild(el("div", "aw-assumed"));
        box.appendChild(el("p", "aw-assumed-title", s.assumed));
        var names = box.appendChild(el("ul", "aw-assumed-list"));
        assumed.forEach(function (name) {
          names.appendChild(el("li", null, (labels.parameter[name] || name) + s.colon + describe(name, scenario[name], code)));
        });
        alternatives.forEach(function (name) {
          var chips = box.appendChild(el("div", "aw-chips"));
          chips.setAttribute("role", "group");
          chips.setAttribute("aria-label", labels.parameter[name] || name);
          ALTERNATIVES[name].filter(function (value) { return value !== scenario[name]; }).forEach(function (value) {
            var entities = {};
            entities[name] = value;
            chips.appendChild(chip(labels[name][value], "/inform" + JSON.stringify(entities)));
          });
        });
      }
      pdfLink(entry, card);
      addRow("bot", card);
    }

    function clearQuickReplies() {
      while (quickReplies.firstChild) { quickReplies.removeChild(quickReplies.firstChild); }
    }
    function showQuickReplies(buttons) {
      clearQuickReplies();
      buttons.forEach(function (button) {
        if (!button || typeof button.title !== "string") { return; }
        quickReplies.appendChild(chip(button.title, typeof button.payload === "string" ? button.payload : button.title));
      });
    }

    function render(entry) {
      if (entry.kind === "estimate" && entry.data && typeof entry.data === "object") { addEstimate(entry); }
      else if (entry.kind === "text") { addBubble(entry.from === "user" ? "user" : "bot", entry.text); }
    }

    // ---- connection ----
    var socket = null;
    var replyTimer = null;

    function setTyping(on) {
      typing.hidden = !on;
      window.clearTimeout(replyTimer);
      if (on) {
        replyTimer = window.setTimeout(function () {
          typing.hidden = true;
          addBubble("bot", t.no_reply);
        }, REPLY_TIMEOUT_MS);
        scrollDown();
      }
    }

    function onBotMessage(message) {
      if (!message || typeof message !== "object") { return; }
      setTyping(false);
      var custom = message.custom && typeof message.custom === "object" ? message.custom : null;
      setLanguage(custom ? custom.language : message.language);  // either may carry the chat language
      if (typeof message.text === "string" && message.text) {
        var entry = { from: "bot", kind: "text", text: message.text };
        remember(entry);
        render(entry);
      }
      var buttons = Array.isArray(message.quick_replies) ? message.quick_replies
        : (Array.isArray(message.buttons) ? message.buttons : null);
      if (buttons && buttons.length) {
        // Every message of the bot's turn may bring some (change an assumption, then "contact
        // me?"): they add up until the visitor answers.
        var shown = (stored(KEYS.buttons, []) || []).concat(buttons);
        showQuickReplies(shown);
        store(KEYS.buttons, shown);
      }
      if (custom && custom.type === "estimate") {
        var card = { from: "bot", kind: "estimate", data: custom };
        remember(card);
        render(card);
      }
    }

    function flush() {
      while (socket && socket.connected && outbox.length) {
        socket.emit("user_uttered", outbox.shift());
        store(KEYS.outbox, outbox);
      }
    }

    function connect() {
      if (socket || typeof window.io !== "function") { return; }
      // data-server, else /config.js (RASA_PUBLIC_URL, or the page's host on RASA_PORT), else the
      // widget's own origin (a proxy in front of both).
      socket = window.io(data.server || config.socketUrl || base, {
        path: config.socketPath || "/socket.io",
        // HTTP long-polling only: the Rasa server (Sanic 21.12 on Python 3.11) cannot serve
        // WebSockets, see channels/socketio.py. Reconnection is socket.io's own, forever.
        transports: ["polling"],
        reconnectionDelayMax: 5000
      });
      socket.on("connect", function () {
        status.hidden = true;
        socket.emit("session_request", { session_id: sessionId });
        flush();
      });
      socket.on("session_confirm", function (confirmed) {
        var id = (confirmed && typeof confirmed === "object") ? confirmed.session_id : confirmed;
        if (typeof id === "string" && SESSION_ID.test(id) && id !== sessionId) {
          sessionId = id;
          store(KEYS.session, sessionId);
        }
      });
      socket.on("connect_error", function () { status.hidden = false; });
      socket.on("disconnect", function () { status.hidden = false; });
      socket.on("bot_uttered", onBotMessage);
    }

    function send(text, shown) {
      var message = String(text || "").trim();
      if (!message) { return; }
      clearQuickReplies();
      store(KEYS.buttons, []);
      var entry = { from: "user", kind: "text", text: shown || message };
      remember(entry);
      render(entry);
      outbox.push({ message: message, session_id: sessionId, customData: { language: language } });
      store(KEYS.outbox, outbox);
      setTyping(true);
      connect();
      flush();
    }

    // ---- open / close ----
    var started = false;
    function open(focusInput) {
      panel.hidden = false;
      launcher.setAttribute("aria-expanded", "true");
      launcher.classList.add("aw-open");
      store(KEYS.open, true);
      relabel();
      if (!started) {
        started = true;
        log.setAttribute("aria-live", "off");  // the history is not read out again
        addBubble("bot", t.welcome);
        transcript.forEach(render);
        showQuickReplies(stored(KEYS.buttons, []) || []);
        log.setAttribute("aria-live", "polite");
        connect();
      }
      if (focusInput !== false) { input.focus(); }
    }
    function close() {
      panel.hidden = true;
      launcher.setAttribute("aria-expanded", "false");
      launcher.classList.remove("aw-open");
      store(KEYS.open, false);
      relabel();
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
      node.addEventListener("click", function () { open(); });
    });
    if (stored(KEYS.open, false) === true) { open(false); }
    if (outbox.length) { connect(); }

    window.AssistantWidget = Object.freeze({ open: open, close: close, send: send });
  }
})();
