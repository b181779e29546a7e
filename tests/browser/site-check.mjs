// Checks a built study site the way its users meet it.
//
//   node site-check.mjs SITE_DIR THEME_NAME SCREENSHOT_DIR [markup]
//
// With "markup" (a site in another language, such as the right-to-left
// Arabic test bank's) the behaviour checks of 4, which look for English
// words, are left out.
// 1. W3C Nu HTML Checker (vnu.jar, Debian's Java): 0 errors on every page.
// 2. Internal links: every relative href/src resolves to a file, every
//    #fragment to an id in that file.
// 3. axe-core in headless Chromium: 0 violations on home, a category, a
//    question, the concept index, search and practice, light and dark.
// 4. Behaviour from file://: a word found only in one answer body finds that
//    question; the listen-for toggle opens; one practice round completes;
//    no page error and no request leaves file://.
// 5. Screenshots at 1280 px and 390 px for people to look at.
// Prints failures and ends with "browser:THEME PASSED FAILED".
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { createRequire } from "node:module";
import { htmlFiles, launchChromium } from "./common.mjs";

const require = createRequire(import.meta.url);
const [site, theme, shots, mode] = process.argv.slice(2);
const markupOnly = mode === "markup";
let passed = 0, failed = 0;
function check(ok, what, detail) {
  if (ok) passed++;
  else { failed++; console.log(`FAIL ${theme}: ${what}${detail ? "\n  " + detail : ""}`); }
}

const pages = htmlFiles(site);

// 1. vnu
{
  const jar = path.join(path.dirname(require.resolve("vnu-jar/package.json")), "build/dist/vnu.jar");
  let out = "";
  try {
    out = execFileSync("java", ["-jar", jar, "--errors-only", "--format", "json", ...pages],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 28 });
  } catch (e) {
    out = (e.stdout || "") + (e.stderr || "");
  }
  let messages = [];
  const m = out.match(/\{[\s\S]*\}/);
  if (m) messages = JSON.parse(m[0]).messages.filter((x) => x.type === "error");
  check(messages.length === 0, `vnu: ${messages.length} errors on ${pages.length} pages`,
    messages.slice(0, 10).map((x) => `${x.url}:${x.lastLine}: ${x.message}`).join("\n  "));
}

// 2. links and anchors
{
  const ids = new Map();
  const idsOf = (file) => {
    if (!ids.has(file)) {
      const text = fs.readFileSync(file, "utf8");
      ids.set(file, new Set([...text.matchAll(/\sid="([^"]+)"/g)].map((x) => x[1])));
    }
    return ids.get(file);
  };
  const broken = [];
  let links = 0;
  for (const page of pages) {
    const text = fs.readFileSync(page, "utf8");
    for (const [, attr, raw] of text.matchAll(/\s(href|src)="([^"]*)"/g)) {
      const url = raw.replace(/&amp;/g, "&");
      if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
        if (!/^https?:/i.test(url)) broken.push(`${page}: ${attr}="${url}" (not http)`);
        continue;
      }
      links++;
      const [file, frag] = url.split("#");
      const target = file === "" ? page : path.resolve(path.dirname(page), file.split("?")[0]);
      if (!fs.existsSync(target)) { broken.push(`${page}: ${url} (no such file)`); continue; }
      if (frag && target.endsWith(".html") && !idsOf(target).has(decodeURIComponent(frag)))
        broken.push(`${page}: ${url} (no such anchor)`);
    }
  }
  check(links > (markupOnly ? 100 : 1000) && broken.length === 0, `links: ${broken.length} broken of ${links}`,
    broken.slice(0, 10).join("\n  "));
}

// 3-5. the browser
const { chromium } = require("playwright-core");
const browser = await launchChromium(chromium);
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const url = (rel) => "file://" + path.resolve(site, rel);
const firstQuestion = pages.find((p) => p.includes(`${path.sep}questions${path.sep}`));
const firstCategory = pages.find((p) => p.includes(`${path.sep}categories${path.sep}`));
const samples = ["index.html", path.relative(site, firstCategory), path.relative(site, firstQuestion),
  "concepts.html", "search.html", "practice.html", "questions.html"];

async function newPage(scheme) {
  const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  const state = { axe: false };	/* axe's own stylesheet fetches fail on file:// */
  page.on("pageerror", (e) => problems.push("script error: " + e.message));
  page.on("console", (m) => { if (m.type() === "error" && !state.axe) problems.push("console: " + m.text()); });
  page.on("dialog", (d) => { problems.push("dialog: " + d.message()); d.dismiss(); });
  page.on("request", (r) => { if (!r.url().startsWith("file://")) problems.push("request: " + r.url()); });
  return { context, page, problems, state };
}

for (const scheme of ["light", "dark"]) {
  const { context, page, problems, state } = await newPage(scheme);
  for (const rel of samples) {
    state.axe = false;
    await page.goto(url(rel));
    await page.waitForLoadState("load");
    state.axe = true;
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () => await window.axe.run(document));
    const v = result.violations;
    state.axe = false;
    check(v.length === 0, `axe (${scheme}) ${rel}: ${v.length} violations`,
      v.map((x) => `${x.id}: ${x.help} (${x.nodes.length}) e.g. ${x.nodes[0].target}`).join("\n  "));
  }
  check(problems.length === 0, `page errors (${scheme})`, problems.join("\n  "));
  await context.close();
}

if (!markupOnly) {
  const { context, page, problems } = await newPage("light");
  // A word that occurs in exactly one answer body and in no title or terms.
  const sandbox = { window: {} };
  vm.runInNewContext(fs.readFileSync(path.join(site, "assets/search-index.js"), "utf8"), sandbox);
  const docs = sandbox.window.QBOOK_SEARCH;
  const words = (s) => new Set(s.toLowerCase().split(/[^a-z0-9_]+/).filter((w) => w.length >= 7));
  const seen = new Map(), elsewhere = new Set();
  docs.forEach((d, i) => {
    for (const w of words(d[5])) seen.set(w, seen.has(w) ? -1 : i);
    for (const w of words(d[0] + " " + d[4])) elsewhere.add(w);
  });
  const unique = [...seen].filter(([w, i]) => i >= 0 && !elsewhere.has(w) &&
    ![...seen.keys()].some((o) => o !== w && o.startsWith(w))).map(([w, i]) => [w, i]).sort();
  check(unique.length > 0, "search: no word unique to one answer body");
  if (unique.length > 0) {
    const [word, i] = unique[Math.floor(unique.length / 2)];
    await page.goto(url("search.html"));
    await page.fill("#search-input", word);
    await page.waitForSelector("#search-results li");
    const hrefs = await page.$$eval("#search-results li a", (as) => as.map((a) => a.getAttribute("href")));
    check(hrefs.length === 1 && hrefs[0] === docs[i][1], `search for "${word}" finds ${docs[i][1]}`,
      `got ${JSON.stringify(hrefs)}`);
    const mark = await page.textContent("#search-results mark");
    check(mark && mark.toLowerCase() === word, `search excerpt marks "${word}"`, `got ${mark}`);
  }
  // The listen-for toggle works (without relying on JavaScript).
  await page.goto(url(path.relative(site, firstQuestion)));
  const hiddenBefore = await page.isHidden("details.listen .prose");
  await page.click("details.listen summary");
  const visibleAfter = await page.isVisible("details.listen .prose li");
  check(hiddenBefore && visibleAfter, "listen-for toggle opens on click");
  // One practice round.
  await page.goto(url("practice.html"));
  await page.click("#practice-draw");
  await page.waitForSelector("#practice-card:not([hidden])");
  const timer1 = await page.textContent("#practice-timer");
  await page.waitForTimeout(1200);
  const timer2 = await page.textContent("#practice-timer");
  check(timer1 !== timer2, "practice timer counts down", `${timer1} -> ${timer2}`);
  await page.click("#practice-reveal");
  const items = await page.$$eval("#practice-listen li", (li) => li.length);
  check(items >= 1 && await page.isVisible("#practice-listen"), "practice reveals listen-for items");
  const title = await page.textContent("#practice-title");
  await page.click("#practice-got");
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("qbook.progress.v1") || "{}"));
  const entry = Object.values(stored)[0];
  check(Object.keys(stored).length === 1 && entry.s === "got", "practice stores 'got it' in localStorage",
    JSON.stringify(stored));
  const stats = await page.textContent("#practice-stats");
  check(/^1 answered well/.test(stats), "practice shows progress", stats);
  await page.goto(url("index.html"));
  const progress = await page.$$eval("[data-progress-category]", (s) => s.map((x) => x.textContent).join("|"));
  check(/1 of \d+ practised/.test(progress), "home page shows practice progress", progress + " after " + title);
  // The all-questions table sorts.
  await page.goto(url("questions.html"));
  await page.click("#question-table thead th:nth-child(2) button");
  const firstTitle = await page.textContent("#question-table tbody tr:first-child td:nth-child(2)");
  const titles = await page.$$eval("#question-table tbody tr td:nth-child(2)", (t) => t.map((x) => x.textContent.toLowerCase()));
  check(JSON.stringify(titles) === JSON.stringify([...titles].sort()), "question table sorts by title", firstTitle);
  // Levels and rounds sort in qbook.yaml's order (their data-sort), not by name.
  for (const [col, what] of [[4, "level"], [5, "round"]]) {
    await page.click(`#question-table thead th:nth-child(${col}) button`);
    const keys = await page.$$eval(`#question-table tbody tr td:nth-child(${col})`, (t) => t.map((x) => x.getAttribute("data-sort")));
    check(keys.length > 0 && keys.every((k, i) => k !== null && (i === 0 || keys[i - 1] <= k)) && keys[0] === "0000",
      `question table sorts by ${what} in qbook.yaml's order`, keys.slice(0, 8).join(" "));
  }
  check(problems.length === 0, "behaviour: page errors or requests", problems.join("\n  "));
  await context.close();
}

// Screenshots for people.
fs.mkdirSync(shots, { recursive: true });
for (const [w, h, tag] of [[1280, 900, "desktop"], [390, 844, "mobile"]]) {
  const context = await browser.newContext({ viewport: { width: w, height: h } });
  const page = await context.newPage();
  for (const rel of samples) {
    await page.goto(url(rel));
    await page.screenshot({ path: path.join(shots, `${theme}-${tag}-${path.basename(rel, ".html")}.png`) });
  }
  await context.close();
}
await browser.close();
console.log(`browser:${theme} ${passed} ${failed}`);
