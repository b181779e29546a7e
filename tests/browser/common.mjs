// What the browser checks share: the site's pages and how Chromium starts.
import fs from "node:fs";
import path from "node:path";

// Every .html file under dir, sorted.
export function htmlFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...htmlFiles(p));
    else if (e.name.endsWith(".html")) out.push(p);
  }
  return out.sort();
}

// Debian's Chromium (or $CHROMIUM), headless, with nothing that calls home.
export function launchChromium(chromium) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}

// Start `qbook serve --port 0 ARGS...` in dir and wait for the port it
// printed.  Returns { server, port, log } (log() is what it printed so far),
// or throws with what it printed when it did not start within 60 s.
export async function startServe(spawn, qbook, args, dir) {
  const server = spawn(qbook, ["serve", "--port", "0", ...args], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  server.stdout.on("data", (d) => { text += d; });
  server.stderr.on("data", (d) => { text += d; });
  for (let i = 0; i < 1200; i++) {
    const m = /^serving .* at http:\/\/127\.0\.0\.1:(\d+)\//m.exec(text);
    if (m) return { server, port: Number(m[1]), log: () => text };
    await new Promise((r) => setTimeout(r, 50));
  }
  server.kill("SIGKILL");
  throw new Error("qbook serve did not start:\n" + text);
}
