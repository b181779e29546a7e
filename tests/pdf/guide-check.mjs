// The typeset guide as its readers meet it: the file is sound and (the full
// guide) under 1 MB, every font is embedded, every question and listen-for point is in the text, the contents,
// the index, the page references after q: links and the links lead to the
// page where the question starts, no
// word is outside the margins and the bookmarks list every category and
// question.
//
// usage: node guide-check.mjs QBOOK CONTENT_DIR PDF [GUIDE_NAME]
// Prints "FAIL ..." lines and ends with "pdf PASSED FAILED".
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [qbook, contentDir, pdf, guideName] = process.argv.slice(2);
let passed = 0, failed = 0;
function check(ok, what, detail) {
	if (ok) { passed++; return; }
	failed++;
	console.log(`FAIL ${pdf}: ${what}`);
	if (detail) console.log('  ' + String(detail).split('\n').slice(0, 12).join('\n  '));
}
const run = (cmd, args) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });

// Text as compared: no white space, no hyphens (line-end hyphenation and
// the source's own hyphens look alike once lines are joined), no Markdown.
// Quotation marks too: the guide sets the source's straight quotes as
// typographic ones.
const squash = s => s.replace(/[\s\u00a0\u00ad\u202f-]+/g, '').replace(/[`*_"'\u2018\u2019\u201a\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a]/g, '');
const plainMd = s => s.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*_]/g, '');

// --- the bank, as the test knows it ---------------------------------------------
const list = run(qbook, ['list', '-C', contentDir]).split('\n').filter(l => l.startsWith('question\t'))
	.map(l => { const [, id, num, level, round, title] = l.split('\t'); return { id, num, level, round, title: plainMd(title) }; });
const byNum = new Map(list.map(q => [q.num, q]));

// Listen-for bullets straight from the Markdown files.
function listenBullets() {
	const out = [];
	for (const cat of readdirSync(contentDir, { withFileTypes: true })) {
		if (!cat.isDirectory() || cat.name === 'pages') continue;
		for (const f of readdirSync(join(contentDir, cat.name))) {
			if (!f.endsWith('.md') || f.startsWith('_')) continue;
			const text = readFileSync(join(contentDir, cat.name, f), 'utf8');
			const m = text.match(/^## What to listen for\s*\n([\s\S]*?)(?=^## |$(?![\s\S]))/m);
			if (!m) continue;
			let cur = null;
			for (const line of m[1].split('\n')) {
				const item = line.match(/^[-*+] (?:\[[ xX]\] )?(.*)$/);
				if (item) { if (cur !== null) out.push(cur); cur = item[1]; }
				else if (cur !== null && /^\s+\S/.test(line)) cur += ' ' + line.trim();
			}
			if (cur !== null) out.push(cur);
		}
	}
	return out.map(plainMd);
}

// --- the file ---------------------------------------------------------------------
let qcheck = '';
try { qcheck = run('qpdf', ['--check', pdf]); } catch (e) { qcheck = 'FAILED ' + (e.stdout || '') + (e.stderr || ''); }
check(/No syntax or stream encoding errors found/.test(qcheck) && !/FAILED|WARNING/.test(qcheck), 'qpdf --check is clean', qcheck);

// The shipped guide must stay small enough to mail to a panel.
if (!guideName) {
	const size = statSync(pdf).size;
	check(size < 1000000, `the full guide is under 1 MB (${size} bytes)`);
}

// poppler reads every object without a complaint (font maps included).
const warn = spawnSync('pdftotext', [pdf, '/dev/null'], { encoding: 'utf8' }).stderr;
check(warn === '', 'pdftotext reads the file without warnings', warn);

const fonts = run('pdffonts', [pdf]).split('\n').slice(2).filter(l => l.trim());
check(fonts.length > 0 && fonts.every(l => / yes +yes +yes +\d+ +\d+$/.test(l)), 'pdffonts: every font embedded, subset, with a Unicode map', fonts.join('\n'));

const json = JSON.parse(run('qpdf', ['--json=2', '--json-key=pages', '--json-key=pagelabels', '--json-key=outlines', '--json-key=qpdf', pdf]));
const objects = json.qpdf[1];
const pageRefs = json.pages.map(p => p.object);
const pageIndex = new Map(pageRefs.map((r, i) => [r, i]));
const npages = pageRefs.length;

// Physical page (0-based) of each printed page number.
const labels = [];
{
	const ranges = json.pagelabels.map(l => ({ index: l.index, style: l.label['/S'], start: l.label['/St'] || 1 }));
	const roman = n => { const r = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']]; let s = ''; for (const [v, t] of r) while (n >= v) { s += t; n -= v; } return s; };
	for (let i = 0; i < npages; i++) {
		const r = ranges.filter(x => x.index <= i).pop();
		const n = r.start + i - r.index;
		labels.push(r.style === '/r' ? roman(n) : String(n));
	}
}
const physical = new Map(labels.map((l, i) => [l, i]));

// Page text, one pdftotext -f N -l N per page, on demand.
const pageText = new Map();
function textOf(i) {
	if (!pageText.has(i)) pageText.set(i, run('pdftotext', ['-q', '-f', String(i + 1), '-l', String(i + 1), pdf, '-']));
	return pageText.get(i);
}

// Whether question num starts on physical page i: its number and the start
// of its title on the page.
function startsOn(num, i) {
	const q = byNum.get(num);
	if (!q || i === undefined || i < 0 || i >= npages) return false;
	const t = squash(textOf(i));
	return t.includes(squash(num) + squash(q.title).slice(0, 24));
}

// --- the questions and their listen-for points are all there -----------------------
// -raw: words in the order they are drawn, which is reading order here
// (loose justified lines confuse the default layout analysis).
// The page references qbook adds after q: links are not in the source
// (their numbers, drawn once known, come last in -raw order).
const all = squash(run('pdftotext', ['-q', '-raw', pdf, '-'])
	.replace(/[ \u00a0]?\(\d+\.\d+, p\.[ \u00a0]\w*\)/g, ''));
const wanted = guideName ? null : list;
if (wanted) {
	const missing = wanted.filter(q => !all.includes(squash(q.title)));
	check(missing.length === 0, `every question title is in the text (${wanted.length})`, missing.map(q => q.num + ' ' + q.title).join('\n'));
	const bullets = listenBullets();
	const lost = bullets.filter(b => !all.includes(squash(b)));
	check(bullets.length > 0 && lost.length === 0, `every listen-for point is in the text (${bullets.length})`, lost.join('\n'));
}

// --- contents: each entry's page is where that question starts ------------------------
{
	const toc = [];
	let started = false;
	for (let i = 0; i < npages && i < 60; i++) {
		const t = run('pdftotext', ['-q', '-layout', '-f', String(i + 1), '-l', String(i + 1), pdf, '-']);
		if (!started && !/^\s*Contents\s*$/m.test(t)) continue;
		if (started && !/\. \. \./.test(t)) break;
		started = true;
		let cur = null;
		for (const line of t.split('\n')) {
			const start = line.match(/^\s+(\d+\.\d+)\s+\S/);
			if (start) cur = start[1];
			const end = line.match(/(?:\. )+\.?\s+(\S+)\s*$/);
			if (end && cur) { toc.push([cur, end[1]]); cur = null; }
		}
	}
	const expected = guideName ? null : list.length;
	const bad = toc.filter(([num, label]) => !startsOn(num, physical.get(label)));
	check(toc.length > 0 && (expected === null || toc.length === expected) && bad.length === 0,
		`every contents entry gives the page its question starts on (${toc.length} entries)`,
		bad.map(([n, l]) => `${n} -> page ${l}`).join('\n'));
}

// --- index: every "N.M p. P" reference ------------------------------------------------------
{
	const refs = [];
	let inIndex = false;
	for (let i = 0; i < npages; i++) {
		const t = textOf(i);
		if (/^Index$/m.test(t) && /Concepts and tags/.test(t)) inIndex = true;
		if (/^Question matrix$/m.test(t)) inIndex = false;
		if (!inIndex) continue;
		for (const m of t.matchAll(/(\d+\.\d+)[ \u00a0]p\.[ \u00a0](\d+)/g)) refs.push([m[1], m[2]]);
	}
	const bad = refs.filter(([num, label]) => !startsOn(num, physical.get(label)));
	check(refs.length > 0 && bad.length === 0, `every index reference gives the page its question starts on (${refs.length})`,
		bad.slice(0, 10).map(([n, l]) => `${n} -> page ${l}`).join('\n'));
}

// --- the body's q: links: each "(N.M, p. P)" gives the page its question starts on ---------
{
	const refs = [];
	for (let i = 0; i < npages; i++) {
		const t = textOf(i);
		if (/^Index$/m.test(t) && /Concepts and tags/.test(t)) break;
		for (const m of t.matchAll(/\((\d+\.\d+),\s+p\.[ \u00a0](\w+)\)/g)) refs.push([m[1], m[2]]);
	}
	const bad = refs.filter(([num, label]) => !startsOn(num, physical.get(label)));
	const links = readdirSync(contentDir, { recursive: true }).filter(f => f.endsWith('.md'))
		.some(f => /\]\(q:/.test(readFileSync(join(contentDir, f), 'utf8')));
	// A handout cites only the questions it holds: it may have none.
	check((refs.length > 0 || !links || guideName) && bad.length === 0,
		`every page reference after a q: link gives the page its question starts on (${refs.length})`,
		bad.slice(0, 10).map(([n, l]) => `${n} -> page ${l}`).join('\n'));
}

// --- links: those over a question number go where that question starts ---------------------
const bbox = run('pdftotext', ['-q', '-bbox', pdf, '-']);
const pagesWords = [];
{
	const pageRe = /<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g;
	for (const m of bbox.matchAll(pageRe)) {
		const words = [];
		for (const w of m[3].matchAll(/<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g))
			words.push({ x0: +w[1], y0: +w[2], x1: +w[3], y1: +w[4], t: w[5] });
		pagesWords.push({ w: +m[1], h: +m[2], words });
	}
}
{
	let links = 0, numbered = 0;
	const bad = [];
	json.pages.forEach((p, i) => {
		const page = objects[`obj:${p.object}`].value;
		for (const a of page['/Annots'] || []) {
			const annot = objects[`obj:${a}`].value;
			if (annot['/Subtype'] !== '/Link' || !annot['/Dest']) continue;
			links++;
			let dest = annot['/Dest'];
			if (typeof dest === 'string') dest = objects[`obj:${dest}`].value;
			const target = pageIndex.get(dest[0]);
			if (target === undefined) { bad.push(`page ${i + 1}: a link to no page`); continue; }
			const [x0, y0, x1, y1] = annot['/Rect'];
			const H = pagesWords[i].h;
			const under = pagesWords[i].words.filter(w => w.x0 >= x0 - 1 && w.x1 <= x1 + 1 && w.y0 >= H - y1 - 1 && w.y1 <= H - y0 + 1);
			const num = under.map(w => w.t.replace(/\u00a0.*/, '')).find(t => byNum.has(t));
			if (num === undefined) continue;
			numbered++;
			if (!startsOn(num, target)) bad.push(`page ${i + 1}: link over ${num} goes to page ${target + 1}`);
		}
	});
	check(links > 0 && numbered > 0 && bad.length === 0, `every link over a question number goes to its page (${numbered} of ${links} links)`, bad.slice(0, 10).join('\n'));
}

// --- no word outside the margins ---------------------------------------------------------------
{
	const bad = [];
	pagesWords.forEach((p, i) => {
		const side = (p.w - 400) / 2;
		for (const w of p.words)
			if (w.x0 < side - 0.5 || w.x1 > p.w - side + 0.5 || w.y0 < 30 || w.y1 > p.h - 24)
				bad.push(`page ${i + 1}: "${w.t}" at ${w.x0.toFixed(1)},${w.y0.toFixed(1)}-${w.x1.toFixed(1)},${w.y1.toFixed(1)}`);
	});
	check(pagesWords.length === npages && bad.length === 0, `no text outside the margins (${pagesWords.reduce((n, p) => n + p.words.length, 0)} words)`, bad.slice(0, 10).join('\n'));
}

// --- folios: every page but the cover carries its printed number ------------------------------
// Front matter shows its roman label; the body and back matter "Page n of N".
{
	const texts = run('pdftotext', ['-q', pdf, '-']).split('\f');
	const nmain = labels.filter(l => /^\d+$/.test(l)).length;
	const bad = [];
	for (let i = 1; i < npages; i++) {
		const want = /^\d+$/.test(labels[i]) ? `Page ${labels[i]} of ${nmain}` : labels[i];
		if (!(texts[i] || '').split('\n').some(l => l.trim() === want)) bad.push(`page ${i + 1}: no "${want}"`);
	}
	check(npages > 1 && bad.length === 0, `every page but the cover carries its folio (${npages - 1} pages, ${nmain} numbered n of N)`,
		bad.slice(0, 10).join('\n'));
}

// --- bookmarks: the categories, each with its questions --------------------------------------
{
	let count = 0;
	const walk = items => { for (const o of items) { count++; walk(o.kids || []); } };
	walk(json.outlines);
	const cats = new Set();
	let qs = 0;
	const text = all;
	for (const q of list) if (text.includes(squash(q.num + q.title))) { qs++; cats.add(q.num.split('.')[0]); }
	check(count === cats.size + qs && json.outlines.length === cats.size, `bookmarks: ${cats.size} categories + ${qs} questions`, `found ${count} bookmarks, ${json.outlines.length} at the top`);
}

console.log(`pdf ${passed} ${failed}`);
