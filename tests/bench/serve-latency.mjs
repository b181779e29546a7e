// qbook serve's latency, from a save to the reload event on a client.
//
//   node serve-latency.mjs QBOOK BANK_DIR WORK_DIR [SAVES]
//
// Copies BANK_DIR into WORK_DIR, starts `qbook serve --port 0` on it,
// listens to the event stream as a page does, and SAVES times (default 20)
// changes one question's answer (written to a new file and renamed over
// the old one, as editors save), timing each from just before the write
// to the arrival of the event that names the question's page.  Prints
// "median MS, max MS over SAVES saves".  A figure for make bench, never a
// pass/fail check.
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { startServe } from "../browser/common.mjs";

const [qbook, bankDir, work, savesArg] = process.argv.slice(2);
const saves = Number(savesArg || 20);
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
execFileSync("cp", ["-a", bankDir, path.join(work, "content")]);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const { server, port } = await startServe(spawn, qbook, ["-C", "content", "-o", "out"], work);

// The event stream, as EventSource reads it: one JSON object per "data:".
const events = [];
let wake = null;
const res = await fetch(`http://127.0.0.1:${port}/__qbook/events`);
(async () => {
  const dec = new TextDecoder();
  let pending = "";
  for await (const chunk of res.body) {
    pending += dec.decode(chunk, { stream: true });
    let at;
    while ((at = pending.indexOf("\n\n")) >= 0) {
      const block = pending.slice(0, at);
      pending = pending.slice(at + 2);
      for (const line of block.split("\n"))
        if (line.startsWith("data: ")) {
          events.push({ at: performance.now(), ev: JSON.parse(line.slice(6)) });
          if (wake) wake();
        }
    }
  }
})().catch(() => {});

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]);
}
const q = files(path.join(work, "content")).filter((f) => f.endsWith(".md") && !f.endsWith("_index.md")
  && /^---/.test(fs.readFileSync(f, "utf8")) && /\nid:|\ntitle:/.test(fs.readFileSync(f, "utf8"))).sort()[0];
const original = fs.readFileSync(q, "utf8");
const slug = path.basename(q, ".md").replace(/^[0-9]+-/, "");
const idm = /\nid: *([^\n]+)/.exec(original);
const page = `/questions/${idm ? idm[1].trim() : slug}.html`;
const times = [];
// The first build's event, sent as the stream opens, must not pass for a
// save's.
while (events.length === 0) await new Promise((r) => { wake = r; setTimeout(r, 1000); });
for (let i = 0; i < saves; i++) {
  let seen = events.length;
  const t0 = performance.now();
  fs.writeFileSync(q + ".new", original.replace(/\n---\n/, `\n---\n\nSaved ${i}.\n`));
  fs.renameSync(q + ".new", q);
  // The event of the build that read this save: it names the page, and the
  // page then says "Saved i" (a build begun before the save says less).
  for (;;) {
    const k = events.slice(seen).findIndex((e) => e.ev.changed.includes(page));
    if (k < 0) {
      await new Promise((r) => { wake = r; setTimeout(r, 1000); });
      continue;
    }
    const at = events[seen + k].at;
    seen += k + 1;
    const body = await (await fetch(`http://127.0.0.1:${port}${page}`)).text();
    if (body.includes(`Saved ${i}.`)) {
      times.push(at - t0);
      break;
    }
  }
  await sleep(100);	/* separate saves, as a person's are */
}
server.kill("SIGINT");
times.sort((a, b) => a - b);
console.log(`median ${times[Math.floor((times.length - 1) / 2)].toFixed(0)} ms, ` +
  `max ${times[times.length - 1].toFixed(0)} ms over ${saves} saves`);
process.exit(0);
