// The demo site and its chat widget in headless Chromium (Debian's), driven by playwright-core.
//
// Run by tests/test_running_assistant.py against the running stack, with:
//   WEB_URL         the website, e.g. http://127.0.0.1:8000
//   BROWSER_OUT     folder for screenshots, downloaded PDFs and results.json
//   BROWSER_EXPECT  JSON per language: {turns: [question, yes, ...handoff answers], done, title,
//                   pdf, yes}: the texts to expect (the handoff's last reply, the widget's title
//                   and PDF link, the "yes, contact me" quick reply)
//   CHROMIUM        the browser binary (default /usr/bin/chromium)
// The PDFs' text is checked by the Python side (pypdf) against the figures recorded here.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const WEB_URL = process.env.WEB_URL;
const OUT = process.env.BROWSER_OUT;
const EXPECT = JSON.parse(process.env.BROWSER_EXPECT || "{}");
const REPLY_TIMEOUT = 90_000;
// The locale's money format (CLDR, as Babel writes it on the server): "1 234 €" (narrow
// no-break space between thousands, no-break space before €), "€ 1.234", "€1,234".
const MONEY = {
  fr: /^\d{1,3}(\u202f\d{3})*\u00a0€$/,
  nl: /^€\u00a0\d{1,3}(\.\d{3})*$/,
  en: /^€\d{1,3}(,\d{3})*$/,
};
const INJECTION = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>`;

let browser;
const results = {};

before(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,  // Playwright also gives every launch a fresh, temporary --user-data-dir
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  writeFileSync(path.join(OUT, "results.json"), JSON.stringify(results, null, 2));
});

async function shot(page, name) {
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: false });
}

async function axeViolations(page) {
  await page.evaluate(AXE);  // through the debugger: the site's CSP rightly refuses inline scripts
  const found = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  });
  return found.filter((v) => v.impact === "serious" || v.impact === "critical");
}

const botRows = (page) => page.locator(".aw-log .aw-msg-bot");

// Type a message with the keyboard and wait for the bot's answer; returns ms until it showed.
async function say(page, text, { until } = {}) {
  const before = await botRows(page).count();
  const input = page.locator("#aw-input");
  await input.focus();
  await input.fill(text);
  const sent = Date.now();
  await page.keyboard.press("Enter");
  await page.waitForFunction((n) => document.querySelectorAll(".aw-log .aw-msg-bot").length > n, before,
    { timeout: REPLY_TIMEOUT });
  const shown = Date.now() - sent;
  if (until) { await until(); }
  await page.waitForFunction(() => document.querySelector(".aw-typing").hidden, null, { timeout: REPLY_TIMEOUT });
  return shown;
}

const normal = (text) => text.replace(/[\u00a0\u202f]/g, " ").replace(/\s+/g, " ").trim();

for (const language of ["fr", "nl", "en"]) {
  test(`the site and the widget in ${language}`, async () => {
    const expect = EXPECT[language];
    assert.ok(expect, `no expectations for ${language}`);
    const record = (results[language] = { firstReplyMs: [] });
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 }, locale: language, acceptDownloads: true,
    });
    const page = await context.newPage();
    const failures = [];
    page.on("pageerror", (error) => failures.push(String(error)));
    page.on("requestfailed", (request) => {
      if (!request.url().includes("/socket.io/")) { failures.push(`request failed: ${request.url()}`); }
    });
    const external = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (!["127.0.0.1", "localhost"].includes(url.hostname) && url.protocol !== "data:") { external.push(request.url()); }
    });

    // "/" follows the browser's language.
    await page.goto(`${WEB_URL}/`);
    assert.equal(new URL(page.url()).pathname, `/${language}/`);
    assert.equal(await page.getAttribute("html", "lang"), language);
    const switchLinks = await page.locator(".language-switch a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    assert.deepEqual(switchLinks, ["/fr/", "/nl/", "/en/"]);
    assert.equal(await page.locator(`.language-switch a[aria-current="page"]`).getAttribute("href"), `/${language}/`);
    await page.locator(".aw-launcher").waitFor();
    assert.deepEqual(await axeViolations(page), [], "axe: the page with the closed widget");
    await shot(page, `${language}-1-page`);

    // Keyboard only: the launcher opens the chat and puts the focus in the message field.
    await page.locator(".aw-launcher").focus();
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement.id), "aw-input");
    await page.keyboard.press("Tab");
    assert.ok(await page.evaluate(() => document.activeElement.classList.contains("aw-send")), "Tab goes to Send");
    assert.equal(await page.locator(".aw-title").textContent(), expect.title);
    assert.equal(await page.locator(".aw-log").getAttribute("aria-live"), "polite");

    // A fully specified question: the estimate card, in the locale's money, with its chart.
    record.firstReplyMs.push(await say(page, expect.turns[0], {
      until: () => page.locator(".aw-card").first().waitFor({ timeout: REPLY_TIMEOUT }),
    }));
    const card = page.locator(".aw-card").first();
    const amounts = await card.locator(".aw-option .aw-amount").allTextContents();
    assert.ok(amounts.length >= 1, "first-year figures on the card");
    for (const amount of amounts) { assert.match(amount, MONEY[language], `money format of ${amount}`); }
    assert.equal(await card.locator("svg.aw-chart .aw-chart-row").count(), amounts.length + 1, "a chart row per option and in-house");
    assert.equal(await card.locator(".aw-recommended .aw-badge").count(), 1, "one recommended option");
    record.cardFirstYear = amounts.map(normal);
    await card.scrollIntoViewIfNeeded();
    await shot(page, `${language}-2-estimate`);

    // The PDF, made by the server from the same estimate.
    const link = card.locator("a.aw-pdf");
    await link.waitFor({ state: "visible" });
    assert.equal(normal(await link.textContent()), normal(expect.pdf));
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const pdfPath = path.join(OUT, `${language}-estimate.pdf`);
    await download.saveAs(pdfPath);
    record.pdf = pdfPath;
    record.pdfUrl = await link.getAttribute("href");

    // A quick reply of the card: change an assumption; a new estimate comes.
    const chips = card.locator(".aw-assumed .aw-chip");
    assert.ok(await chips.count() > 0, "the card offers quick replies for its assumptions");
    const cards = await page.locator(".aw-card").count();
    await chips.first().click();
    await page.waitForFunction((n) => document.querySelectorAll(".aw-card").length > n, cards, { timeout: REPLY_TIMEOUT });
    await page.waitForFunction(() => document.querySelector(".aw-typing").hidden, null, { timeout: REPLY_TIMEOUT });
    await shot(page, `${language}-3-quick-reply`);

    // Script injection is shown as text and runs nothing.
    record.firstReplyMs.push(await say(page, INJECTION));
    const userTexts = await page.locator(".aw-msg-user .aw-bubble").allTextContents();
    assert.ok(userTexts.includes(INJECTION), "the injection attempt is shown as typed");
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator(".aw-log img, .aw-log script, .aw-log b").count(), 0);

    // Reload: the chat is open again with its history; then another page of the site.
    const historyBefore = await page.locator(".aw-log .aw-msg").count();
    await page.reload();
    await page.locator(".aw-panel:not([hidden])").waitFor();
    assert.equal(await page.locator(".aw-log .aw-msg").count(), historyBefore);
    assert.ok((await page.locator(".aw-msg-user .aw-bubble").allTextContents()).includes(expect.turns[0]));
    assert.ok(await page.locator(".aw-card").count() >= 2, "the estimate cards are back");
    await shot(page, `${language}-4-after-reload`);
    assert.deepEqual(await axeViolations(page), [], "axe: the open widget with estimate cards");

    // The handoff, starting with the bot's own quick reply ("yes, contact me").
    const rowsBefore = await botRows(page).count();
    await page.locator("#aw-input").fill(expect.turns[0]);
    await page.keyboard.press("Enter");
    await page.waitForFunction((n) => document.querySelectorAll(".aw-log .aw-msg-bot").length > n + 1, rowsBefore, { timeout: REPLY_TIMEOUT });
    await page.waitForFunction(() => document.querySelector(".aw-typing").hidden && document.querySelectorAll(".aw-quick-replies .aw-chip").length > 0, null, { timeout: REPLY_TIMEOUT });
    const quick = page.locator(".aw-quick-replies .aw-chip", { hasText: expect.yes }).first();
    await quick.focus();
    await page.keyboard.press("Enter");  // the quick reply by keyboard
    await page.waitForFunction(() => document.querySelector(".aw-typing").hidden, null, { timeout: REPLY_TIMEOUT });
    for (const turn of expect.turns.slice(2)) { record.firstReplyMs.push(await say(page, turn)); }
    const confirmed = await page.waitForFunction((done) => Array.from(document.querySelectorAll(".aw-msg-bot .aw-bubble"))
      .some((bubble) => bubble.textContent === done), expect.done, { timeout: REPLY_TIMEOUT }).then(() => true, () => false);
    const last = await page.locator(".aw-msg-bot .aw-bubble").allTextContents();
    assert.ok(confirmed, `handoff confirmed: ${last.slice(-3).join(" | ")}`);
    await shot(page, `${language}-5-handoff`);

    // The connection drops: the widget says so, keeps what is typed, and sends it once back.
    await context.setOffline(true);
    await page.locator(".aw-status:not([hidden])").waitFor({ timeout: REPLY_TIMEOUT });
    const cardsBefore = await page.locator(".aw-card").count();
    await page.locator("#aw-input").fill(expect.turns[0]);
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => JSON.parse(sessionStorage.getItem("assistant.outbox")).length), 1);
    await context.setOffline(false);
    await page.locator(".aw-card").nth(cardsBefore).locator("a.aw-pdf").waitFor({ state: "visible", timeout: REPLY_TIMEOUT });
    assert.equal(await page.locator(".aw-status").isHidden(), true);
    assert.equal(await page.evaluate(() => JSON.parse(sessionStorage.getItem("assistant.outbox")).length), 0);

    // 360 px wide: the page and the open widget fit, nothing scrolls sideways.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${WEB_URL}/${language}/`);
    await page.locator(".aw-panel:not([hidden])").waitFor();
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      panel: document.querySelector(".aw-panel").getBoundingClientRect().right,
    }));
    assert.ok(widths.page <= 360 && widths.panel <= 360, `fits 360 px: ${JSON.stringify(widths)}`);
    await shot(page, `${language}-6-mobile`);
    assert.deepEqual(await axeViolations(page), [], "axe: 360 px");

    assert.deepEqual(external, [], "nothing is loaded from the internet");
    assert.deepEqual(failures, [], "no page errors");
    await context.close();
  });
}
