// Brink's shared page: draws what Brink's engine (cmd/brinkweb, compiled
// to WebAssembly and embedded below) computes, and forwards clicks to it.
// Every text that comes from the model is written with textContent, never
// as HTML: the model may come from anyone.
(function () {
  'use strict';

  const el = (id) => document.getElementById(id);

  // make builds an element with a class and, optionally, text (as text).
  function make(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function button(text, onClick, attrs) {
    const b = make('button', '', text);
    b.type = 'button';
    b.addEventListener('click', onClick);
    for (const k in attrs || {}) b.setAttribute(k, attrs[k]);
    return b;
  }

  const roleColour = {
    evidence: '#2563eb', intention: '#7c3aed', outcome: '#d94a0b', latent: '#4b5563',
    decision: '#0f766e', utility: '#0f766e', '': '#475569',
  };
  const colourOf = (role) => roleColour[role] || roleColour[''];

  const state = {
    data: null,     // the data island: model text, layout, version
    model: null,    // the engine's digest of the model
    findings: [],   // the findings, in the order set, as the engine takes them
    beliefs: null,  // the engine's last answer
    scenario: '',   // the applied scenario's name, while its findings stand
    selected: -1,   // the card whose node the side panel documents
    zoom: 1,
    cards: [],      // by node: {card, rows: [{row, bar, pct}]}
    outRows: [],    // the outcome panel's rows: {v, s, fill, pct, delta}
    utilityValues: [], // by utility, the row showing its expected value
  };

  function showError(text) {
    el('alert-text').textContent = text;
    el('alert').hidden = false;
  }
  function clearError() { el('alert').hidden = true; }

  function call(fn, arg) {
    const r = JSON.parse(globalThis[fn](arg));
    if (r.error) { showError(r.error); return null; }
    clearError();
    return r;
  }

  // ---- starting the engine ----

  async function start() {
    state.data = JSON.parse(el('brink-data').textContent);
    const b64 = el('brink-engine').textContent.trim();
    const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const unzipped = new Blob([raw]).stream().pipeThrough(new DecompressionStream('gzip'));
    const bytes = await new Response(unzipped).arrayBuffer();
    const go = new Go();
    const { instance } = await WebAssembly.instantiate(bytes, go.importObject);
    go.run(instance);
    if (typeof globalThis.brinkLoad !== 'function') throw new Error('the engine did not start');
    const r = call('brinkLoad', state.data.model);
    if (!r) { el('status').textContent = 'The model could not be loaded.'; return; }
    state.model = r.model;
    build();
    show(r);
    el('status').textContent = 'Computed in this page by Brink’s own engine; nothing is sent anywhere.';
    document.body.dataset.ready = '1';
  }

  // ---- building the page for the model ----

  function build() {
    const m = state.model;
    document.title = m.title || 'Brink model';
    el('title').textContent = m.title || 'Brink model';
    if (m.handling) { el('handling').textContent = m.handling; el('handling').hidden = false; }
    if (m.asOfLine) { el('asof').textContent = m.asOfLine; el('asof').hidden = false; }
    el('made').textContent = 'Made with Brink' + (state.data.version ? ' ' + state.data.version : '') +
      '. The page holds the model and Brink’s engine; it works offline.';
    buildNetwork();
    buildOutcomes();
    buildScenarios();
    buildAbout();
    el('clear').addEventListener('click', () => setFindings([]));
    el('compare').addEventListener('click', compare);
    el('alert-close').addEventListener('click', clearError);
    el('zoom-in').addEventListener('click', () => setZoom(state.zoom * 1.2));
    el('zoom-out').addEventListener('click', () => setZoom(state.zoom / 1.2));
    el('zoom-fit').addEventListener('click', fit);
    fit();
  }

  const svgNS = 'http://www.w3.org/2000/svg';

  function buildNetwork() {
    const m = state.model, lay = state.data.layout, net = el('network'), svg = el('arcs');
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const c of lay.cards) {
      minX = Math.min(minX, c.x); minY = Math.min(minY, c.y);
      maxX = Math.max(maxX, c.x + c.w); maxY = Math.max(maxY, c.y + c.h);
    }
    const pad = 20, ox = pad - minX, oy = pad - minY;
    state.size = { w: maxX - minX + 2 * pad, h: maxY - minY + 2 * pad };
    net.style.width = state.size.w + 'px';
    net.style.height = state.size.h + 'px';
    svg.setAttribute('width', state.size.w);
    svg.setAttribute('height', state.size.h);
    for (const a of lay.arcs) {
      const pts = a.points.map((p) => [p[0] + ox, p[1] + oy]);
      const path = document.createElementNS(svgNS, 'path');
      path.setAttribute('d', pts.map((p, i) => (i ? 'L' : 'M') + p[0] + ' ' + p[1]).join(' '));
      svg.appendChild(path);
      const [x2, y2] = pts[pts.length - 1], [x1, y1] = pts[pts.length - 2];
      const ang = Math.atan2(y2 - y1, x2 - x1), len = 14, wid = 6;
      const bx = x2 - len * Math.cos(ang), by = y2 - len * Math.sin(ang);
      const head = document.createElementNS(svgNS, 'polygon');
      head.setAttribute('points', [x2, y2, bx + wid * Math.sin(ang), by - wid * Math.cos(ang),
        bx - wid * Math.sin(ang), by + wid * Math.cos(ang)].join(' '));
      svg.appendChild(head);
    }
    m.nodes.forEach((nd, v) => {
      const c = lay.cards[v];
      const card = make('div', 'card role-' + (nd.role || 'none'));
      card.dataset.node = nd.id;
      place(card, c, ox, oy);
      card.style.borderColor = colourOf(nd.role);
      const head = button(nd.label, () => select(v), { title: nd.label });
      head.className = 'head';
      head.style.background = colourOf(nd.role);
      card.appendChild(head);
      const rows = nd.states.map((st, s) => {
        const row = make('button', 'row');
        row.type = 'button';
        row.dataset.state = st.id;
        row.title = st.label;
        const bar = make('span', 'bar');
        bar.style.background = colourOf(nd.role);
        const name = make('span', 'name', st.label);
        const pct = make('span', 'pct');
        row.append(bar, name, pct);
        row.addEventListener('click', () => clickState(v, s));
        card.appendChild(row);
        return { row, bar, pct, name };
      });
      net.appendChild(card);
      state.cards[v] = { card, rows };
    });
    (m.utilities || []).forEach((u, k) => {
      const c = lay.cards[m.nodes.length + k];
      const card = make('div', 'card utility role-utility');
      place(card, c, ox, oy);
      card.style.borderColor = colourOf('utility');
      const head = make('div', 'head', u.label);
      head.style.background = colourOf('utility');
      card.appendChild(head);
      if (u.actor) card.appendChild(make('div', 'row', u.actor));
      const value = make('div', 'row value');
      card.appendChild(value);
      net.appendChild(card);
      state.utilityValues[k] = value;
    });
  }

  function place(card, c, ox, oy) {
    card.style.left = (c.x + ox) + 'px';
    card.style.top = (c.y + oy) + 'px';
    card.style.width = c.w + 'px';
    card.style.height = c.h + 'px';
  }

  function setZoom(z) {
    state.zoom = Math.min(2, Math.max(0.2, z));
    const net = el('network');
    net.style.transform = 'scale(' + state.zoom + ')';
    // The scroll area follows the scaled size.
    net.style.marginRight = (state.size.w * (state.zoom - 1)) + 'px';
    net.style.marginBottom = (state.size.h * (state.zoom - 1)) + 'px';
  }

  function fit() {
    const box = el('network-scroll');
    const z = Math.min((box.clientWidth - 4) / state.size.w, (box.clientHeight - 4) / state.size.h);
    setZoom(Math.min(1, Math.max(0.35, z))); // a small model is not blown up
  }

  function buildOutcomes() {
    const m = state.model, box = el('outcomes');
    if (!m.briefing.length) { box.appendChild(make('p', 'hint', 'This model has no nodes to show here.')); return; }
    let periodShown = false;
    for (const v of m.briefing) {
      const nd = m.nodes[v];
      if (m.outcomesHeading && !periodShown && nd.role === 'outcome') {
        box.appendChild(make('p', 'out-period', m.outcomesHeading));
        periodShown = true;
      }
      box.appendChild(make('div', 'out-head', nd.label));
      nd.states.forEach((st, s) => {
        const row = make('div', 'out-row');
        row.dataset.node = nd.id;
        row.dataset.state = st.id;
        const bar = make('div', 'out-bar');
        const fill = make('div', 'out-fill');
        fill.style.background = colourOf(nd.role);
        fill.style.opacity = '0.45';
        const text = make('div', 'out-text');
        const pct = make('span', 'pct');
        text.append(make('span', 'name', st.label), pct);
        bar.append(fill, text);
        const delta = make('span', 'delta');
        row.append(bar, delta);
        box.appendChild(row);
        state.outRows.push({ v, s, fill, pct, delta });
      });
    }
  }

  function buildScenarios() {
    const m = state.model, list = el('scenarios');
    if (!m.scenarios.length) {
      list.appendChild(make('li', 'hint', 'The model has no saved scenarios.'));
      el('compare').hidden = true;
      return;
    }
    for (const sc of m.scenarios) {
      const li = make('li');
      li.dataset.scenario = sc.name;
      const line = make('div', 'line');
      const tick = make('input');
      tick.type = 'checkbox';
      tick.id = 'cmp-' + Math.random().toString(36).slice(2);
      tick.dataset.scenario = sc.name;
      const label = make('label', '', sc.title);
      label.htmlFor = tick.id;
      line.append(tick, label, button('Apply', () => applyScenario(sc.name), { 'data-apply': sc.name }));
      li.appendChild(line);
      if (sc.description || sc.author) {
        li.appendChild(make('p', '', [sc.description, sc.author ? '— ' + sc.author : ''].filter(Boolean).join(' ')));
      }
      list.appendChild(li);
    }
  }

  function para(parent, label, text) {
    if (!text) return;
    const p = make('p');
    if (label) p.appendChild(make('span', 'doc-label', label + ': '));
    p.appendChild(document.createTextNode(text));
    parent.appendChild(p);
  }

  function citationsInto(parent, cites) {
    const srcs = {};
    for (const s of state.model.sources || []) srcs[s.id] = s;
    for (const c of cites || []) {
      const s = srcs[c.source];
      para(parent, 'Cites', s ? (s.title || s.id) + (s.author ? ', ' + s.author : '') : c.source);
      if (c.quote) parent.appendChild(make('blockquote', '', c.quote));
    }
  }

  function buildAbout() {
    const m = state.model, body = el('about-body');
    para(body, '', m.description);
    para(body, 'Authors', (m.authors || []).join(', '));
    para(body, 'Created', m.created);
    para(body, 'Modified', m.modified);
    para(body, 'Period', m.asOfLine);
    para(body, 'Horizon', m.outcomesHeading);
    para(body, 'Notes', m.notes);
    if (m.limits && m.limits.length) {
      body.appendChild(make('h3', '', 'Limits: what the model leaves out'));
      const ul = make('ul');
      for (const l of m.limits) ul.appendChild(make('li', '', l));
      body.appendChild(ul);
    }
    if (m.sources && m.sources.length) {
      body.appendChild(make('h3', '', 'Sources'));
      const ul = make('ul');
      for (const s of m.sources) {
        // The URL is text to copy, never a link: a model's URL may be javascript:.
        const parts = [s.id + ':', s.title, s.author, s.date, s.citation, s.url].filter(Boolean);
        ul.appendChild(make('li', '', parts.join(' — ')));
      }
      body.appendChild(ul);
    }
    const nodes = el('about-nodes');
    m.nodes.forEach((nd) => nodes.appendChild(nodeDetails(nd)));
    for (const u of m.utilities || []) nodes.appendChild(nodeDetails(u, true));
  }

  function nodeDetails(nd, isUtility) {
    const d = make('details');
    d.appendChild(make('summary', '', nd.label + (nd.role ? ' (' + nd.role + ')' : isUtility ? ' (utility)' : '')));
    docInto(d, nd);
    return d;
  }

  function docInto(parent, nd) {
    para(parent, '', nd.description);
    para(parent, 'Actor', nd.actor);
    para(parent, 'Group', nd.group);
    if (nd.states) para(parent, 'States', nd.states.map((s) => s.label).join(', '));
    if (nd.parents && nd.parents.length) para(parent, 'Depends on', nd.parents.map((p) => state.model.nodes[p].label).join(', '));
    para(parent, 'Rationale', nd.rationale);
    citationsInto(parent, nd.citations);
  }

  // ---- findings ----

  function findingOn(v) {
    const id = state.model.nodes[v].id;
    return state.findings.find((f) => f.node === id);
  }

  // setFindings asks the engine for the beliefs under fs and adopts them;
  // refused findings leave everything as it was, as in the app.
  function setFindings(fs, scenario) {
    const r = call('brinkQuery', JSON.stringify(fs));
    if (!r) return false;
    state.findings = fs;
    state.scenario = scenario || '';
    show(r);
    return true;
  }

  function withFinding(v, f) {
    const id = state.model.nodes[v].id;
    const fs = state.findings.filter((x) => x.node !== id);
    if (f) fs.push(Object.assign({ node: id }, f));
    return fs;
  }

  // clickState observes state s of v (a decision's is chosen, by action);
  // clicking the state already observed or chosen retracts it.
  function clickState(v, s) {
    const nd = state.model.nodes[v], st = nd.states[s].id, cur = findingOn(v);
    const kind = nd.role === 'decision' ? 'do' : 'hard';
    if (cur && cur.kind === kind && cur.state === st) setFindings(withFinding(v, null));
    else setFindings(withFinding(v, { kind, state: st }));
  }

  function exclude(v, s) {
    const nd = state.model.nodes[v], cur = findingOn(v);
    let states = cur && cur.kind === 'not' ? cur.states.slice() : [];
    const id = nd.states[s].id;
    states = states.includes(id) ? states.filter((x) => x !== id) : states.concat([id]);
    setFindings(withFinding(v, states.length ? { kind: 'not', states } : null));
  }

  function applyScenario(name) {
    const r = call('brinkScenario', name);
    if (!r) return;
    state.findings = r.findings.map((f) => { const g = Object.assign({}, f); delete g.text; return g; });
    state.scenario = name;
    show(r);
  }

  function select(v) {
    state.selected = v;
    const nd = state.model.nodes[v];
    el('node-pane').hidden = false;
    el('node-title').textContent = nd.label;
    el('node-meta').textContent = [nd.role, nd.group].filter(Boolean).join(' · ');
    const acts = el('node-actions');
    acts.replaceChildren();
    const group = (t) => acts.appendChild(make('div', 'group', t));
    group(nd.role === 'decision' ? 'Observe (the decision was seen to be taken):' : 'Observe:');
    nd.states.forEach((st, s) => acts.appendChild(button(st.label, () => setFindings(withFinding(v, { kind: 'hard', state: st.id })), { 'data-set': st.id })));
    group('Rule out (negative finding):');
    nd.states.forEach((st, s) => acts.appendChild(button('not ' + st.label, () => exclude(v, s), { 'data-not': st.id })));
    group('Set by action (its causes are not updated):');
    nd.states.forEach((st) => acts.appendChild(button(st.label, () => setFindings(withFinding(v, { kind: 'do', state: st.id })), { 'data-do': st.id })));
    group('');
    acts.appendChild(button('Retract', () => setFindings(withFinding(v, null)), { 'data-retract': nd.id }));
    const doc = el('node-doc');
    doc.replaceChildren();
    docInto(doc, nd);
    state.cards.forEach((c, u) => c.card.classList.toggle('selected', u === v));
  }

  // ---- showing beliefs ----

  function show(r) {
    state.beliefs = r;
    const m = state.model;
    m.nodes.forEach((nd, v) => {
      const b = r.beliefs[v], f = findingOn(v);
      state.cards[v].rows.forEach((row, s) => {
        const st = nd.states[s].id;
        row.pct.textContent = b.text[s];
        row.bar.style.width = (100 * b.p[s]).toFixed(2) + '%';
        row.row.classList.toggle('observed', !!f && f.kind === 'hard' && f.state === st);
        row.row.classList.toggle('acted', !!f && f.kind === 'do' && f.state === st);
        row.row.classList.toggle('excluded', !!f && f.kind === 'not' && f.states.includes(st));
        row.name.textContent = (f && f.kind === 'hard' && f.state === st ? '● ' : f && f.kind === 'do' && f.state === st ? '◆ ' : '') + nd.states[s].label;
      });
    });
    state.utilityValues.forEach((row, k) => { row.textContent = (r.expected || [])[k] || 'expected —'; });
    for (const o of state.outRows) {
      const b = r.beliefs[o.v];
      o.fill.style.width = (100 * b.p[o.s]).toFixed(2) + '%';
      o.pct.textContent = b.text[o.s];
      const d = b.delta[o.s];
      o.delta.textContent = d;
      o.delta.className = 'delta' + (d.startsWith('▲') ? ' up' : d.startsWith('▼') ? ' down' : '');
    }
    const list = el('findings');
    list.replaceChildren();
    if (!r.findings.length) list.appendChild(make('li', 'empty', 'No findings: the baseline.'));
    for (const f of r.findings) {
      const li = make('li');
      li.dataset.node = f.node;
      li.appendChild(make('span', '', f.text));
      const v = m.nodes.findIndex((nd) => nd.id === f.node);
      li.appendChild(button('Retract', () => setFindings(withFinding(v, null)), { 'aria-label': 'Retract ' + f.text }));
      list.appendChild(li);
    }
    el('chance').textContent = r.findings.length ? 'Chance of these findings in the model: ' + r.chance : '';
    el('choices').textContent = r.choices || '';
    el('choices').hidden = !r.choices;
    for (const li of el('scenarios').children) li.classList.toggle('applied', !!state.scenario && li.dataset.scenario === state.scenario);
  }

  // compare shows the baseline and each ticked scenario side by side for
  // the intentions and outcomes, as the app's comparison does.
  function compare() {
    const m = state.model;
    const names = Array.from(document.querySelectorAll('#scenarios input:checked')).map((t) => t.dataset.scenario);
    const cols = [{ title: 'Baseline', r: call('brinkQuery', '[]') }];
    for (const n of names) {
      const sc = m.scenarios.find((s) => s.name === n);
      cols.push({ title: sc.title, r: call('brinkScenario', n) });
    }
    if (cols.some((c) => !c.r)) return;
    const table = make('table');
    const head = make('tr');
    head.appendChild(make('th', '', ''));
    for (const c of cols) head.appendChild(make('th', '', c.title));
    table.appendChild(head);
    for (const v of m.briefing) {
      const nd = m.nodes[v];
      const tr = make('tr');
      const td = make('td', 'node', nd.label);
      td.colSpan = cols.length + 1;
      tr.appendChild(td);
      table.appendChild(tr);
      nd.states.forEach((st, s) => {
        const row = make('tr');
        row.dataset.node = nd.id;
        row.dataset.state = st.id;
        row.appendChild(make('td', '', st.label));
        for (const c of cols) row.appendChild(make('td', '', c.r.beliefs[v].text[s]));
        table.appendChild(row);
      });
    }
    el('compare-table').replaceChildren(table);
    el('compare-pane').hidden = false;
    el('compare-pane').scrollIntoView({ block: 'nearest' });
  }

  start().catch((e) => {
    el('status').textContent = 'Brink’s engine could not start in this browser: ' + e.message;
  });
})();
