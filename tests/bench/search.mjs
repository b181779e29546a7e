// Search latency in headless Chromium (a benchmark, not a test):
//   node search.mjs SITE_DIR
// Loads search.html from file://, runs a fixed list of queries through the
// page's own search form and prints the time of the first query (which also
// prepares the index) and the median and worst of the rest.
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const site = process.argv[2];
const queries = ["value", "decorator closure", "thread lock", "concept", "generator stream",
  "cache index", "exception", "transaction table", "parser token schema", "latency",
  "memory reference", "module package", "queue", "socket request response", "fixture mock",
  "template router", "framework", "protocol interface", "coverage profile", "event loop task",
  "zzzz-no-match"];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
const page = await browser.newPage();
const t0 = Date.now();
await page.goto("file://" + path.resolve(site, "search.html"));
await page.waitForFunction(() => Array.isArray(window.QBOOK_SEARCH));
const loadMs = Date.now() - t0;
const times = await page.evaluate((qs) => {
  const form = document.getElementById("search-form"), input = document.getElementById("search-input");
  return qs.map((q) => {
    input.value = q;
    const a = performance.now();
    form.requestSubmit();
    return performance.now() - a;
  });
}, queries);
await browser.close();
const rest = times.slice(1).sort((a, b) => a - b);
console.log(`search: page load ${loadMs} ms; first query ${times[0].toFixed(1)} ms; ` +
  `next ${rest.length}: median ${rest[rest.length >> 1].toFixed(1)} ms, worst ${rest[rest.length - 1].toFixed(1)} ms`);
