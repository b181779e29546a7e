// Loads every page of sites built from hostile content in headless Chromium
// and checks that none of the injected script ran.
//
//   node browser-check.mjs SITE_DIR...
//
// Per page: no dialog, no page error, no console error, no request to
// anything but a file of the site itself, window.__pwned (what every
// payload sets) still undefined, and no element carries an on* attribute
// or a javascript:/vbscript:/data: URL.  Search is run for "pwned" and
// "script" so that results built from the hostile titles are drawn too, and
// a practice round is drawn for the same reason.
// Prints failures and ends with "hostile-browser PASSED FAILED".
import path from "node:path";
import { createRequire } from "node:module";
import { htmlFiles, launchChromium } from "../browser/common.mjs";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
let passed = 0, failed = 0;
function check(ok, what, detail) {
  if (ok) passed++;
  else { failed++; console.log(`FAIL ${what}${detail ? "\n  " + detail : ""}`); }
}


const browser = await launchChromium(chromium);

// What a page's DOM may not hold: event handler attributes and script URLs.
function liveScript() {
  const bad = [];
  for (const el of document.querySelectorAll("*"))
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) bad.push(`<${el.localName} ${a.name}>`);
      if (/^\s*(javascript|vbscript|data):/i.test(a.value.replace(/[\u0000-\u0020]/g, "")) &&
          !(el.localName === "img" && /^data:image\//i.test(a.value)))
        bad.push(`<${el.localName} ${a.name}="${a.value.slice(0, 40)}">`);
    }
  for (const s of document.querySelectorAll("script"))
    if (!s.src && s.textContent.trim() !== "") bad.push("inline <script>");
  for (const f of document.querySelectorAll("iframe, object, embed, base, meta[http-equiv]"))
    bad.push(`<${f.localName}>`);
  return bad;
}

for (const site of process.argv.slice(2)) {
  const root = path.resolve(site);
  for (const file of htmlFiles(root)) {
    const name = `${path.basename(path.dirname(path.dirname(root)))}: ${path.relative(root, file)}`;
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push("script error: " + e.message));
    // A payload's <img src=x> is a broken image inside the site once its
    // onerror is gone: Chromium logs that as a console error, which is not
    // script running.  Any other console error counts.
    const missing = [];
    page.on("requestfailed", (r) => missing.push(r.url()));
    page.on("console", (m) => {
      if (m.type() !== "error") return;
      if (/^Failed to load resource: net::ERR_FILE_NOT_FOUND/.test(m.text()) &&
          missing.length > 0 && missing.every((u) => u.startsWith("file://" + root + "/")))
        return;
      problems.push("console: " + m.text());
    });
    page.on("dialog", (d) => { problems.push("dialog: " + d.message()); d.dismiss(); });
    page.on("request", (r) => {
      const u = r.url();
      if (!u.startsWith("file://") || !decodeURIComponent(new URL(u).pathname).startsWith(root + "/"))
        problems.push("request: " + u);
    });
    await page.goto("file://" + file);
    await page.waitForLoadState("load");
    if (await page.$("#search-input")) {
      for (const q of ["pwned", "script", "onerror"]) {
        await page.fill("#search-input", q);
        await page.waitForTimeout(50);
      }
    }
    if (await page.$("#practice-draw")) {
      await page.click("#practice-draw");
      if (await page.$("#practice-reveal")) await page.click("#practice-reveal");
    }
    await page.waitForTimeout(50);
    const pwned = await page.evaluate(() => typeof window.__pwned);
    const bad = await page.evaluate(liveScript);
    check(problems.length === 0, `${name}: ${problems.length} problems`, problems.slice(0, 5).join("\n  "));
    check(pwned === "undefined", `${name}: window.__pwned is set`);
    check(bad.length === 0, `${name}: live script in the DOM`, bad.slice(0, 5).join("\n  "));
    await context.close();
  }
}
await browser.close();
console.log(`hostile-browser ${passed} ${failed}`);
