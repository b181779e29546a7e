// Search in banks written in other scripts, in headless Chromium: a query
// finds every question whose text holds it, and no other.
//
//   node search-check.mjs SITE_DIR CONTENT_DIR WORD...
//
// SITE_DIR is the bank's built site, CONTENT_DIR its Markdown.  For each
// WORD the expected questions are those whose file (title and body) holds
// the word as written; the site's search page, opened from file:// with
// ?q=WORD, must list exactly their titles.
// Prints failures and ends with "search PASSED FAILED".
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { launchChromium } from "./common.mjs";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const [site, content, ...words] = process.argv.slice(2);
let passed = 0, failed = 0;
function check(ok, what, detail) {
  if (ok) passed++;
  else { failed++; console.log(`FAIL search ${path.basename(path.dirname(content))}: ${what}${detail ? "\n  " + detail : ""}`); }
}

// Every question: its title and whole text.
const questions = [];
for (const cat of fs.readdirSync(content, { withFileTypes: true })) {
  if (!cat.isDirectory() || cat.name === "pages") continue;
  for (const f of fs.readdirSync(path.join(content, cat.name))) {
    if (!f.endsWith(".md") || f.startsWith("_")) continue;
    const text = fs.readFileSync(path.join(content, cat.name, f), "utf8");
    const title = (/^title:\s*(.*)$/m.exec(text) || [])[1].replace(/^"|"$/g, "");
    questions.push({ title, text });
  }
}

const browser = await launchChromium(chromium);
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  for (const w of words) {
    const want = questions.filter((q) => q.text.includes(w)).map((q) => q.title).sort();
    await page.goto("file://" + path.resolve(site, "search.html") + "?q=" + encodeURIComponent(w));
    await page.waitForFunction(() => document.getElementById("search-status").textContent !== "");
    const got = (await page.$$eval("#search-results li > a", (a) => a.map((x) => x.textContent))).sort();
    check(want.length > 0 && JSON.stringify(got) === JSON.stringify(want),
      `'${w}' finds the ${want.length} questions that hold it`,
      `found: ${got.join(" | ") || "none"}\n  wanted: ${want.join(" | ")}`);
  }
  check(errors.length === 0, "no script error", errors.join("\n  "));
} finally {
  await browser.close();
}
console.log(`search ${passed} ${failed}`);
