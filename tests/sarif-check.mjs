// qbook check --strict --diagnostics sarif on a broken bank, given by an
// absolute path: the log must be valid SARIF 2.1.0 (checked against the
// schema Microsoft publishes, with ajv), hold every problem with its level
// and position, and name files by paths relative to the working directory.
// Prints "sarif PASSED FAILED" last.
//
//   node tests/sarif-check.mjs QBOOK SCRATCH
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const Ajv = require("ajv");
const schema = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
const [qbook, scratch] = process.argv.slice(2);
let pass = 0, fail = 0;
function check(what, ok, detail) {
	if (ok) pass++;
	else { fail++; console.log(`FAIL sarif: ${what}${detail ? `\n  ${detail}` : ""}`); }
}

const dir = path.join(scratch, "sarif");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
cpSync("tests/bad/duplicate-id/content", path.join(dir, "content"), { recursive: true });
writeFileSync(path.join(dir, "content/basics/z z.md"),
	"---\ntitle: Spaces\nlevle: mid\nlevel: expert\n---\n\nBody.\n\n## What to listen for\n\n- x\n");
const run = spawnSync(qbook, ["check", "--strict", "--diagnostics", "sarif", "-C",
	path.resolve(dir, "content")], { cwd: dir, encoding: "utf8" });
check("exit status 1", run.status === 1, `status ${run.status}`);
let log = null;
try { log = JSON.parse(run.stderr); } catch (e) { check("the log is JSON", false, e.message); }
if (log !== null) {
	const ajv = new Ajv({ allErrors: true, schemaId: "auto" });
	ajv.addMetaSchema(require("ajv/lib/refs/json-schema-draft-04.json"));
	const valid = ajv.validate(schema, log);
	check("valid against the SARIF 2.1.0 schema", valid, ajv.errorsText(ajv.errors));
	const results = log.runs[0].results;
	const seen = results.map(r => [r.level,
		r.locations?.[0]?.physicalLocation?.artifactLocation?.uri,
		r.locations?.[0]?.physicalLocation?.region?.startLine ?? 0].join(" "));
	const want = [
		"error content/basics/tuples.md 6",
		"note content/basics/lists.md 0",
		"error content/basics/z%20z.md 0",
		"error content/basics/z%20z.md 3",
		"error content/basics/z%20z.md 4",
	];
	check("every problem, in order, with relative paths", JSON.stringify(seen) === JSON.stringify(want),
		`got ${JSON.stringify(seen)}`);
	check("the tool is qbook", log.runs[0].tool.driver.name === "qbook");
}
// A clean bank: an empty list of results.
const clean = spawnSync(qbook, ["check", "--diagnostics", "sarif", "-C",
	path.resolve("tests/cli/build-writes-site/content")], { encoding: "utf8" });
let empty = null;
try { empty = JSON.parse(clean.stderr); } catch (e) { /* reported below */ }
check("a clean bank gives a log with no results", clean.status === 0 && empty !== null &&
	empty.runs[0].results.length === 0, clean.stderr.slice(0, 200));
rmSync(dir, { recursive: true, force: true });
console.log(`sarif ${pass} ${fail}`);
