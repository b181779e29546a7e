// qbook serve as an author meets it, in headless Chromium over loopback.
//
//   node serve-check.mjs QBOOK WORK_DIR SCREENSHOT_DIR
//
// In WORK_DIR (which holds a bank made by qbook init) it starts
// `qbook serve --port 0`, opens a question page and checks that: saving the
// question reloads the page with the new text; a save that breaks the bank
// shows the build's problems over the page (file:line:col) and keeps the
// page; the next good save removes them; a page the save does not change
// is not reloaded; no script error happens.  It saves a screenshot of the
// problems at 1280 px and at 390 px.
// Prints failures and ends with "serve-browser PASSED FAILED".
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { launchChromium, startServe } from "./common.mjs";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const [qbook, work, shots] = process.argv.slice(2);
let passed = 0, failed = 0;
function check(ok, what, detail) {
  if (ok) passed++;
  else { failed++; console.log(`FAIL serve-browser: ${what}${detail ? "\n  " + detail : ""}`); }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let server, port;
try {
  ({ server, port } = await startServe(spawn, qbook, [], work));
} catch (e) {
  console.log("FAIL serve-browser: " + e.message);
  console.log("serve-browser 0 1");
  process.exit(0);
}

// The first question of the bank, and its page.
const bank = path.join(work, "content");
const cat = fs.readdirSync(bank, { withFileTypes: true })
  .filter((e) => e.isDirectory() && fs.readdirSync(path.join(bank, e.name)).some((f) => f.endsWith(".md") && f !== "_index.md"))
  .map((e) => e.name).sort()[0];
const qfile = path.join(bank, cat, fs.readdirSync(path.join(bank, cat)).filter((f) => f.endsWith(".md") && f !== "_index.md").sort()[0]);
const original = fs.readFileSync(qfile, "utf8");
const id = (/^id:\s*(\S+)/m.exec(original) || [])[1] || path.basename(qfile, ".md").replace(/^\d+-/, "");
const setTitle = (t) => {
  fs.writeFileSync(qfile + ".tmp", original.replace(/^title:.*$/m, `title: "${t}"`));
  fs.renameSync(qfile + ".tmp", qfile);	/* as editors save */
};

const browser = await launchChromium(chromium);
const problems = [];
async function open(url, width) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  page.on("pageerror", (e) => problems.push("script error: " + e.message));
  page.on("console", (m) => { if (m.type() === "error") problems.push("console: " + m.text()); });
  await page.goto(url);
  return page;
}
try {
  const base = `http://127.0.0.1:${port}`;
  const page = await open(`${base}/questions/${id}.html`, 1280);
  const other = await open(`${base}/pages/${fs.readdirSync(path.join(work, "out/site/pages")).sort()[0]}`, 390);
  let otherLoads = 0;
  other.on("load", () => { otherLoads++; });
  await sleep(300);	/* the event stream is open */

  // A save reloads the page.
  const reloaded = page.waitForEvent("load", { timeout: 10000 }).then(() => true, () => false);
  setTitle("Saved while the page was open");
  check(await reloaded, "the question page reloads after a save");
  const h1 = await page.locator("h1").first().textContent().catch(() => "");
  check(/Saved while the page was open/.test(h1 || ""), "the reloaded page shows the new title", h1);

  // A broken save: the problems over the page, the page kept.
  const broken = path.join(bank, cat, "zz-broken.md");
  fs.writeFileSync(broken, "---\ntitle: [unclosed\n---\nBody.\n");
  const overlay = page.locator("#qbook-serve-problems");
  const shown = await overlay.waitFor({ state: "visible", timeout: 10000 }).then(() => true, () => false);
  check(shown, "a failed build shows its problems over the page");
  const text = shown ? await overlay.textContent() : "";
  check(/zz-broken\.md:\d+:\d+: error: /.test(text), "the problems are in file:line:col form", text);
  check(await overlay.getAttribute("role") === "alert", "the problems are announced (role=alert)");
  check(/Saved while the page was open/.test(await page.locator("h1").first().textContent()),
    "the page under the problems is the last good one");
  const inOther = await other.locator("#qbook-serve-problems").waitFor({ state: "visible", timeout: 10000 })
    .then(() => true, () => false);
  check(inOther, "every open page shows them");
  if (shots) {
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, "serve-problems-1280.png") });
    await other.screenshot({ path: path.join(shots, "serve-problems-390.png") });
  }

  // The next good save clears them.
  fs.unlinkSync(broken);
  const gone = await overlay.waitFor({ state: "detached", timeout: 10000 }).then(() => true, () => false);
  check(gone, "the next good build removes the problems");
  check(otherLoads === 0, "a page the saves did not change is not reloaded", `${otherLoads} reloads`);
  check(problems.length === 0, "no script error", problems.join("\n  "));
} finally {
  await browser.close();
  fs.writeFileSync(qfile, original);
  server.kill("SIGINT");
  await new Promise((r) => server.on("exit", r));
}
console.log(`serve-browser ${passed} ${failed}`);
