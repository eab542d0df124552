// Drives a page written by `brinkctl share` in Debian's headless Chromium
// (playwright-core, no downloaded browser) and checks it against
// brinkctl's own numbers. Run by scripts/webtest.sh, which writes the
// pages and the expected beliefs (brinkctl query --json) into a work
// directory:
//
//   node share.test.js flagship WORKDIR SCREENSHOT.png
//   node share.test.js hostile WORKDIR
//
// Every step prints one line; any failure exits 1 with the reason.
'use strict';

const { chromium } = require('playwright-core');
const fs = require('fs');
const os = require('os');
const path = require('path');

const [mode, work, shot] = process.argv.slice(2);

function fail(msg) {
  console.error('FAIL: ' + msg);
  process.exitCode = 1;
  throw new Error(msg);
}

// percent is network/analysis.Percent, the page's and the app's way of
// writing a probability: one decimal, with the ends kept apart.
function percent(p) {
  if (Number.isNaN(p)) return '–';
  if (p === 1) return '100%';
  if (p === 0) return '0%';
  if (p > 0.9995) return '>99.9%';
  if (p < 0.0005) return '<0.1%';
  return (100 * p).toFixed(1) + '%';
}

const expected = (name) => JSON.parse(fs.readFileSync(path.join(work, name + '.json'), 'utf8'));

async function launch() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'brink-chromium-'));
  // A fresh profile (--user-data-dir, which playwright passes for a
  // persistent context), networking off: the page must need none.
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    offline: true,
    viewport: { width: 1600, height: 1000 },
  });
  const page = await browser.newPage();
  const requests = [], problems = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console error: ' + m.text()); });
  page.on('dialog', (d) => { problems.push('dialog opened: ' + d.message()); d.dismiss(); });
  return { browser, page, requests, problems, profile };
}

// offPage lists the requests that were not for the page itself or for
// data: and blob: URLs the page made in memory.
function offPage(requests, pageURL) {
  return requests.filter((u) => !(u === pageURL || u.startsWith('data:') || u.startsWith('blob:')));
}

async function open(page, file) {
  const url = 'file://' + path.resolve(file);
  await page.goto(url);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 120000 });
  return url;
}

// compareCards checks every card's percentages, and the outcome panel's,
// against brinkctl query --json's marginals.
async function compareCards(page, exp, what) {
  const shown = await page.evaluate(() => {
    const out = {};
    for (const card of document.querySelectorAll('#network .card[data-node]')) {
      const states = {};
      for (const row of card.querySelectorAll('.row[data-state]')) states[row.dataset.state] = row.querySelector('.pct').textContent;
      out[card.dataset.node] = states;
    }
    const panel = [];
    for (const row of document.querySelectorAll('#outcomes .out-row')) {
      panel.push([row.dataset.node, row.dataset.state, row.querySelector('.pct').textContent]);
    }
    return { cards: out, panel };
  });
  let n = 0;
  for (const [node, states] of Object.entries(exp.marginals)) {
    for (const [st, p] of Object.entries(states)) {
      const got = shown.cards[node] && shown.cards[node][st];
      if (got !== percent(p)) fail(`${what}: card ${node}=${st} shows ${got}, brinkctl query says ${percent(p)} (${p})`);
      n++;
    }
  }
  if (!shown.panel.length) fail(`${what}: the outcome panel is empty`);
  for (const [node, st, got] of shown.panel) {
    const want = percent(exp.marginals[node][st]);
    if (got !== want) fail(`${what}: outcome panel ${node}=${st} shows ${got}, brinkctl query says ${want}`);
  }
  console.log(`ok  ${what}: ${n} card percentages and ${shown.panel.length} outcome rows equal brinkctl query --json's`);
}

async function flagship() {
  const { browser, page, requests, problems, profile } = await launch();
  try {
    const spec = JSON.parse(fs.readFileSync(path.join(work, 'steps.json'), 'utf8'));
    const url = await open(page, path.join(work, 'flagship.html'));
    console.log('ok  the page loaded from file:// with the network off and started its engine');
    await compareCards(page, expected('baseline'), 'baseline');
    const deltas = await page.$$eval('#outcomes .delta', (ds) => ds.map((d) => d.textContent));
    if (!deltas.length || deltas.some((d) => d !== '±0 pp')) fail('baseline deltas are not all ±0 pp: ' + deltas.join(' '));

    const utilities = await page.$$eval('#network .card.utility .value', (vs) => vs.map((v) => v.textContent));
    if (!utilities.length || utilities.some((u) => !/^expected −?[0-9.]+$/.test(u))) fail('utility cards show ' + JSON.stringify(utilities));
    console.log('ok  the utility cards show their expected values: ' + utilities.join(', '));

    // A hard finding: click the state on its card.
    const [hn, hs] = spec.hard;
    await page.click(`#network .card[data-node="${hn}"] .row[data-state="${hs}"]`);
    await compareCards(page, expected('hard'), `clicked ${hn}=${hs}`);
    const moved = await page.$$eval('#outcomes .delta', (ds) => ds.filter((d) => d.textContent !== '±0 pp').length);
    if (!moved) fail('no outcome row shows a change against the baseline after a finding');
    console.log(`ok  ${moved} outcome rows show their change against the baseline`);

    // A negative finding, from the card's side panel.
    const [nn, ns] = spec.not;
    await page.click(`#network .card[data-node="${nn}"] .head`);
    await page.click(`#node-actions button[data-not="${ns}"]`);
    await compareCards(page, expected('hard_not'), `and ${nn}≠${ns}`);

    // A decision: clicking its state chooses it (by action).
    const [dn, ds] = spec.do;
    await page.click(`#network .card[data-node="${dn}"] .row[data-state="${ds}"]`);
    await compareCards(page, expected('hard_not_do'), `and ${dn} set to ${ds} by action`);

    // Retract everything, then apply a scenario.
    await page.click('#clear');
    await compareCards(page, expected('baseline'), 'cleared');
    await page.click(`#scenarios button[data-apply="${spec.scenario}"]`);
    await compareCards(page, expected('scenario'), `scenario ${spec.scenario}`);
    const listed = await page.$$eval('#findings li', (ls) => ls.length);
    console.log(`ok  the scenario's ${listed} findings are listed`);

    // Compare two scenarios with the baseline.
    for (const s of spec.compare) await page.check(`#scenarios input[data-scenario="${s}"]`);
    await page.click('#compare');
    const cols = await page.$$eval('#compare-table tr:first-child th', (ths) => ths.length);
    if (cols !== spec.compare.length + 2) fail(`the comparison has ${cols} columns, want ${spec.compare.length + 2}`);
    console.log('ok  the comparison shows the baseline and the ticked scenarios');

    // The documentation is on the page.
    const about = await page.textContent('#about');
    for (const t of spec.docs) if (!about.includes(t)) fail('the documentation lacks ' + JSON.stringify(t));
    console.log('ok  the model\'s documentation (description, limits, sources, rationale, citations) is readable');

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: shot });
    console.log('ok  screenshot ' + shot);
    const off = offPage(requests, url);
    if (off.length) fail('requests left the page: ' + off.join(', '));
    console.log(`ok  no request left the page (${requests.length} in all, to itself, data: or blob:)`);
    if (problems.length) fail(problems.join('; '));
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

async function hostile() {
  const { browser, page, requests, problems, profile } = await launch();
  try {
    const url = await open(page, path.join(work, 'hostile.html'));
    console.log('ok  the hostile model\'s page loaded and started its engine');
    // Open every node's documentation, select each card, compare.
    await page.$$eval('#about details', (ds) => ds.forEach((d) => { d.open = true; }));
    for (const id of await page.$$eval('#network .card[data-node]', (cs) => cs.map((c) => c.dataset.node))) {
      await page.click(`#network .card[data-node="${id}"] .head`);
    }
    await page.click('#scenarios input[type=checkbox]');
    await page.click('#compare');
    await page.click('#scenarios button[data-apply]');
    // Impossible evidence: refused, naming the findings, with the app's words.
    await page.click('#clear');
    await page.click('#network .card[data-node="gate"] .row[data-state="open"]');
    await page.click('#network .card[data-node="light"] .row[data-state="off"]');
    const alert = await page.textContent('#alert-text');
    const want = 'These findings cannot all be true (probability 0): ';
    if (!alert.startsWith(want) || !alert.includes('The previous findings are kept.')) fail('impossible evidence gave ' + JSON.stringify(alert));
    if (!alert.includes('<img src=x onerror=window.__pwned=2>')) fail('the refusal does not name the finding by its label: ' + JSON.stringify(alert));
    const kept = await page.$$eval('#findings li', (ls) => ls.length);
    if (kept !== 1) fail(`after the refusal ${kept} findings are listed, want the 1 kept`);
    console.log('ok  impossible evidence is refused with the app\'s message, naming the findings: ' + JSON.stringify(alert.split('\n')[0]));

    const pwned = await page.evaluate(() => window.__pwned);
    if (pwned !== undefined) fail('a payload ran: window.__pwned = ' + pwned);
    const counts = await page.evaluate(() => ({
      img: document.querySelectorAll('img').length,
      scripts: document.querySelectorAll('script').length,
      links: document.querySelectorAll('a[href]').length,
      handlers: Array.from(document.querySelectorAll('*')).filter((e) => Array.from(e.attributes).some((a) => a.name.startsWith('on'))).length,
    }));
    if (counts.img || counts.scripts !== 3 || counts.links || counts.handlers) fail('the model added elements: ' + JSON.stringify(counts));
    const text = await page.evaluate(() => document.body.innerText);
    for (const t of ['<script>window.__pwned=1</script>', '<img src=x onerror=window.__pwned=2>', 'javascript:window.__pwned=3', '</script><script>window.__pwned=4</script>']) {
      if (!text.includes(t)) fail('the page does not show literally: ' + t);
    }
    const title = await page.title();
    if (!title.includes('</script><script>window.__pwned=4</script>')) fail('the title is not literal: ' + title);
    console.log('ok  no payload ran; <script>, <img onerror>, javascript: and </script> show literally as text');
    const off = offPage(requests, url);
    if (off.length) fail('requests left the page: ' + off.join(', '));
    console.log('ok  no request left the page');
    if (problems.length) fail(problems.join('; '));

    // The Content-Security-Policy is in force: a script the page did not
    // bring (as if a text had become markup) is refused, and so is a
    // request.
    const csp = await page.evaluate(async () => {
      const violations = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      const s = document.createElement('script');
      s.textContent = 'window.__pwned = 5';
      document.body.appendChild(s);
      let fetched = 'refused';
      try { await fetch('data:text/plain,x'); fetched = 'allowed'; } catch (e) { /* refused */ }
      await new Promise((r) => setTimeout(r, 100));
      return { pwned: window.__pwned, fetched, violations };
    });
    if (csp.pwned !== undefined || csp.fetched !== 'refused' || !csp.violations.some((v) => v.startsWith('script-src'))) {
      fail('the Content-Security-Policy is not in force: ' + JSON.stringify(csp));
    }
    console.log('ok  the Content-Security-Policy refuses a foreign inline script and any fetch: ' + csp.violations.join(', '));
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

({ flagship, hostile }[mode] || (() => fail('usage: node share.test.js flagship|hostile WORKDIR [SCREENSHOT]')))()
  .catch((e) => { if (!process.exitCode) console.error('FAIL: ' + (e && e.stack || e)); process.exitCode = 1; });
