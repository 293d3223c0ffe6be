// docground viewer: the pages of one document (or two, to compare) and its extracted data as a tree.
// Hover or select a field to see its boxes; click a box to select its field; edit values, draw boxes,
// export the corrected JSON or submit it as feedback. Plain ES2020, no libraries, no network
// (except the feedback POST, to the server that served the page).
"use strict";

const DATA = JSON.parse(document.getElementById("dg-data").textContent);
const META = "_metadata";
const RANK = { hi: 0, med: 1, low: 2 };
const COMPARE = DATA.docs.length === 2;
const EDITABLE = !COMPARE;
const TREE_DOC = DATA.docs.length - 1; // the tree shows the last document (B when comparing)

const state = {
  selected: null,   // path of the selected field
  hovered: null,
  filter: false,    // only med & low
  drawing: false,
  edits: 0,
};
const panes = [];       // per document: {doc, pagesEl, boxesByPath: Map(path -> [box elements]), pageEls: Map(index -> el)}
const rows = new Map(); // path -> tree row element (leaves and groups)
const leaves = new Map(); // path -> {parent, key} in the tree document's result (for editing)
const groups = new Map(); // path -> {parent, key}
let order = [];         // leaf paths in tree order (keyboard navigation)

// --- small helpers ----------------------------------------------------------------------------
function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const isMeta = (key, value) => key.endsWith(META) && key.length > META.length && isObject(value) &&
  ("bboxes" in value || "confidence" in value);
const join = (prefix, key) => (prefix ? prefix + "." + key : key);
const hasChildren = (v) => isObject(v) || (Array.isArray(v) && v.some((x) => x !== null && typeof x === "object"));
const within = (path, parent) => path === parent || path.startsWith(parent + ".") || path.startsWith(parent + "[");

function show(value) {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return value.map(show).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function fieldInfo(docIndex, path) {
  return DATA.docs[docIndex].fields[path] || null;
}

function confOf(docIndex, path) {
  const info = fieldInfo(docIndex, path);
  return info ? info.confidence : null;
}

// --- pages and boxes --------------------------------------------------------------------------
function buildPane(doc, docIndex) {
  const pane = el("section", "pane");
  pane.dataset.doc = String(docIndex);
  const title = (COMPARE ? (docIndex === 0 ? "A: " : "B: ") : "") + doc.name;
  pane.appendChild(el("div", "pane-title", title));
  const pagesEl = el("div", "pages");
  pane.appendChild(pagesEl);
  const info = { doc, docIndex, pagesEl, boxesByPath: new Map(), pageEls: new Map() };
  if (doc.notice) pagesEl.appendChild(el("p", "notice", doc.notice));
  for (const page of doc.pages) {
    pagesEl.appendChild(el("div", "page-label", page.label || "page " + page.index));
    const pageEl = el("div", "page");
    pageEl.dataset.page = String(page.index);
    pageEl.style.aspectRatio = page.width + " / " + page.height;
    const img = el("img");
    img.alt = "page " + page.index;
    img.decoding = "async";
    img.draggable = false;
    pageEl.appendChild(img);
    pageEl.appendChild(el("div", "layer"));
    pagesEl.appendChild(pageEl);
    info.pageEls.set(page.index, pageEl);
  }
  info.regionsByPath = new Map();
  for (const [path, field] of Object.entries(doc.fields)) {
    if (field.container) addRegions(info, path, field);
    else addBoxes(info, path, field);
  }
  sortBoxes(info);
  lazyImages(info);
  if (EDITABLE) enableDrawing(info);
  if (doc.video) pane.insertBefore(buildTimeline(info), pagesEl);
  panes.push(info);
  return pane;
}

// --- video: one kept frame at a time, a timeline with the selected field's segments -----------
function buildTimeline(pane) {
  const v = pane.doc.video;
  const bar = el("div", "timeline");
  const play = el("button", "play", "▶");
  play.type = "button";
  play.title = "Play the kept frames in time";
  const track = el("div", "track");
  const segs = el("div", "segs");
  const slider = el("input");
  slider.type = "range";
  slider.min = "0";
  slider.max = String(v.duration);
  slider.step = "0.01";
  slider.value = "0";
  const clock = el("span", "clock");
  track.append(segs, slider);
  for (const f of v.frames) {
    const tick = el("div", "tick");
    tick.style.left = (100 * f.timestamp / (v.duration || 1)) + "%";
    segs.appendChild(tick);
  }
  bar.append(play, track, clock);
  pane.video = { slider, clock, segs, play, timer: null };
  slider.addEventListener("input", () => seek(pane, Number(slider.value)));
  play.addEventListener("click", () => togglePlay(pane));
  pane.pagesEl.classList.add("video");
  seek(pane, 0);
  return bar;
}

// The kept frame shown at time t: the last one whose timestamp is at or before t.
function frameAt(v, t) {
  let page = v.frames[0].page;
  for (const f of v.frames) if (f.timestamp <= t + 1e-6) page = f.page;
  return page;
}

function seek(pane, t) {
  const v = pane.doc.video;
  t = Math.max(0, Math.min(v.duration, t));
  const page = frameAt(v, t);
  pane.video.slider.value = String(t);
  pane.video.clock.textContent = t.toFixed(2) + " / " + v.duration.toFixed(2) + " s";
  for (const [index, pageEl] of pane.pageEls) {
    const shown = index === page;
    pageEl.hidden = !shown;
    if (pageEl.previousElementSibling) pageEl.previousElementSibling.hidden = !shown;
  }
  pane.shownPage = page;
  state.time = t;
}

function togglePlay(pane) {
  const v = pane.video;
  if (v.timer) { clearInterval(v.timer); v.timer = null; v.play.textContent = "▶"; return; }
  if (Number(v.slider.value) >= pane.doc.video.duration) seek(pane, 0);
  v.play.textContent = "❚❚";
  v.timer = setInterval(() => {
    const t = Number(v.slider.value) + 0.1;
    seek(pane, t);
    if (t >= pane.doc.video.duration) togglePlay(pane);
  }, 100);
}

// A field selected: its segments drawn on the timeline, and the video sought to the first one
// (at the frame its box is on, when that lies inside the segment).
function showSegments(pane, path) {
  const v = pane.doc.video;
  pane.video.segs.querySelectorAll(".seg").forEach((s) => s.remove());
  const info = path === null ? null : pane.doc.fields[path];
  if (!info || !info.segments) return;
  for (const [a, b] of info.segments) {
    const seg = el("div", "seg " + (info.confidence || "unknown"));
    seg.style.left = (100 * a / (v.duration || 1)) + "%";
    seg.style.width = Math.max(0.5, 100 * (b - a) / (v.duration || 1)) + "%";
    seg.title = path + ": " + a.toFixed(2) + "–" + b.toFixed(2) + " s";
    pane.video.segs.appendChild(seg);
  }
  const [a, b] = info.segments[0];
  const times = new Map(v.frames.map((f) => [f.page, f.timestamp]));
  const at = info.boxes.map((box) => times.get(box[0])).filter((t) => t !== undefined && t >= a - 1e-6 && t <= b + 1e-6);
  seek(pane, at.length ? Math.min(...at) : a);
}

function addBoxes(pane, path, field) {
  const list = [];
  field.boxes.forEach(([page, x, y, w, h], i) => {
    const pageEl = pane.pageEls.get(page);
    if (!pageEl) return; // a page that was not rendered
    const box = el("div", "box " + (field.confidence || "unknown") + (field.edited ? " edited" : ""));
    box.dataset.path = path;
    box.dataset.i = String(i);
    box.dataset.area = String(w * h);
    box.style.left = x * 100 + "%";
    box.style.top = y * 100 + "%";
    box.style.width = w * 100 + "%";
    box.style.height = h * 100 + "%";
    box.title = path + ": " + show(valueAt(pane.docIndex, path));
    box.addEventListener("mouseenter", () => hover(path));
    box.addEventListener("mouseleave", () => hover(null));
    box.addEventListener("click", (e) => { e.stopPropagation(); select(path, { from: "box" }); });
    pageEl.querySelector(".layer").appendChild(box);
    list.push(box);
  });
  pane.boxesByPath.set(path, list);
}

// Regions of objects, lists and list items (a table, its rows): outlined when their node is
// hovered or selected; a click inside one (between its fields' boxes) selects it.
function addRegions(pane, path, field) {
  const list = [];
  field.boxes.forEach(([page, x, y, w, h]) => {
    const pageEl = pane.pageEls.get(page);
    if (!pageEl) return;
    const region = el("div", "region " + (field.confidence || "unknown"));
    region.dataset.path = path;
    region.dataset.area = String(w * h);
    region.style.left = x * 100 + "%";
    region.style.top = y * 100 + "%";
    region.style.width = w * 100 + "%";
    region.style.height = h * 100 + "%";
    region.title = path;
    region.addEventListener("click", (e) => { e.stopPropagation(); select(path, { from: "box" }); });
    const layer = pageEl.querySelector(".layer");
    const bigger = [...layer.querySelectorAll(".region")].filter((r) => Number(r.dataset.area) >= w * h);
    layer.insertBefore(region, bigger.length ? bigger[bigger.length - 1].nextSibling : layer.firstChild);
    list.push(region);
  });
  pane.regionsByPath.set(path, list);
}

function regionsOf(pane, path) {
  const out = [];
  for (const [p, list] of pane.regionsByPath || []) if (within(p, path)) out.push(...list);
  return out;
}

// Larger boxes first, so smaller ones sit on top and stay clickable.
function sortBoxes(pane) {
  for (const pageEl of pane.pageEls.values()) {
    const layer = pageEl.querySelector(".layer");
    const boxes = [...layer.children].filter((b) => b.classList.contains("box"));
    boxes.sort((a, b) => Number(b.dataset.area) - Number(a.dataset.area));
    boxes.forEach((b) => layer.appendChild(b));
  }
}

// Page images live as base64 text in inert <script type="text/plain"> elements; an image is
// decoded only while its page is within a screen or so of the visible part, and dropped after.
function lazyImages(pane) {
  const sources = new Map();
  document.querySelectorAll(`script.dg-page[data-doc="${pane.docIndex}"]`).forEach((s) => {
    sources.set(Number(s.dataset.page), s);
  });
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const img = entry.target.querySelector("img");
      if (entry.isIntersecting) {
        const source = sources.get(Number(entry.target.dataset.page));
        if (source && !img.getAttribute("src")) img.src = "data:image/jpeg;base64," + source.textContent.trim();
      } else if (img.getAttribute("src")) {
        img.removeAttribute("src");
      }
    }
  }, { root: pane.pagesEl, rootMargin: "100% 0px 100% 0px" });
  pane.pageEls.forEach((pageEl) => observer.observe(pageEl));
}

function boxesOf(pane, path) {
  const out = [];
  for (const [p, list] of pane.boxesByPath) if (within(p, path)) out.push(...list);
  return out;
}

// --- the tree ---------------------------------------------------------------------------------
function buildTree(node, prefix, container) {
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (isMeta(key, value)) continue;
    if (prefix === "" && key === "verification" && isObject(value)) continue; // shown as checks
    const path = join(prefix, key);
    if (isObject(value)) {
      const children = addGroup(container, path, key, node);
      buildTree(value, path, children);
    } else if (Array.isArray(value) && hasChildren(value)) {
      const children = addGroup(container, path, key, node);
      value.forEach((item, i) => {
        const itemPath = path + "[" + i + "]";
        if (isObject(item)) buildTree(item, itemPath, addGroup(children, itemPath, "[" + i + "]", value));
        else addLeaf(children, itemPath, "[" + i + "]", value, i);
      });
    } else {
      addLeaf(container, path, key, node, key);
    }
  }
}

function addGroup(container, path, label, parent) {
  const group = el("div", "group");
  const row = el("div", "row");
  row.dataset.path = path;
  row.setAttribute("role", "treeitem");
  const caret = el("span", "caret", "▾");
  caret.addEventListener("click", (e) => {
    e.stopPropagation();
    group.classList.toggle("closed");
    caret.textContent = group.classList.contains("closed") ? "▸" : "▾";
  });
  row.append(caret, el("span", "dot " + (groupConfidence(path) || "")), el("span", "key", label));
  wireRow(row, path);
  const children = el("div", "children");
  group.append(row, children);
  container.appendChild(group);
  rows.set(path, row);
  groups.set(path, { parent, key: label.startsWith("[") ? Number(label.slice(1, -1)) : label });
  return children;
}

function addLeaf(container, path, label, parent, key) {
  const row = el("div", "row leaf");
  row.dataset.path = path;
  row.setAttribute("role", "treeitem");
  row.append(el("span", "dot"), el("span", "key", label), el("span", "val"));
  wireRow(row, path);
  row.addEventListener("dblclick", () => startEdit(path));
  container.appendChild(row);
  rows.set(path, row);
  leaves.set(path, { parent, key });
  order.push(path);
  refreshRow(path);
}

function wireRow(row, path) {
  row.addEventListener("mouseenter", () => hover(path));
  row.addEventListener("mouseleave", () => hover(null));
  row.addEventListener("click", () => select(path, { from: "tree" }));
}

function groupConfidence(path) {
  const own = confOf(TREE_DOC, path);
  if (own) return own;
  let worst = null;
  for (const [p, f] of Object.entries(DATA.docs[TREE_DOC].fields)) {
    if (within(p, path) && p !== path && (worst === null || RANK[f.confidence] > RANK[worst])) worst = f.confidence;
  }
  return worst;
}

function valueAt(docIndex, path) {
  if (docIndex === TREE_DOC && leaves.has(path)) {
    const { parent, key } = leaves.get(path);
    return parent[key];
  }
  const flat = DATA.docs[docIndex].values;
  return flat ? flat[path] : undefined;
}

function refreshRow(path) {
  const row = rows.get(path);
  const { parent, key } = leaves.get(path);
  const value = parent[key];
  const conf = confOf(TREE_DOC, path);
  row.querySelector(".dot").className = "dot " + (conf || "");
  const val = row.querySelector(".val");
  if (val) {
    val.textContent = show(value);
    val.classList.toggle("null", value === null || value === undefined);
  }
  const info = fieldInfo(TREE_DOC, path);
  row.classList.toggle("edited", Boolean(info && info.edited));
  row.dataset.confidence = conf || "";
  if (COMPARE) {
    const change = DATA.changes.find((c) => c.path === path);
    if (change && change.what.includes("value") && !row.querySelector(".was")) {
      row.appendChild(el("span", "was", "was " + show(change.a)));
    }
  }
}

function refreshGroups(path) {
  for (const [gpath, row] of rows) {
    if (groups.has(gpath) && within(path, gpath)) row.querySelector(".dot").className = "dot " + (groupConfidence(gpath) || "");
  }
}

// Fields per confidence level, in the top bar.
function refreshCounts() {
  const counts = { hi: 0, med: 0, low: 0 };
  for (const p of order) { const c = confOf(TREE_DOC, p); if (c in counts) counts[c] += 1; }
  const countsEl = document.getElementById("counts");
  countsEl.textContent = "";
  for (const level of ["hi", "med", "low"]) {
    const span = el("span", "n");
    span.dataset.level = level;
    span.append(el("span", "dot " + level), document.createTextNode(level + " " + counts[level]));
    countsEl.appendChild(span);
  }
}

// --- hover, select, filter --------------------------------------------------------------------
function hover(path) {
  if (state.hovered === path) return;
  state.hovered = path;
  document.querySelectorAll(".box.hl, .row.hl, .region.hl").forEach((e) => e.classList.remove("hl"));
  if (path !== null) {
    for (const pane of panes) boxesOf(pane, path).forEach((b) => b.classList.add("hl"));
    for (const pane of panes) regionsOf(pane, path).forEach((r) => r.classList.add("hl"));
    const row = rows.get(path);
    if (row) row.classList.add("hl");
  }
  focusLayers();
}

function select(path, { from = "tree" } = {}) {
  state.selected = path;
  document.querySelectorAll(".box.sel, .row.sel, .change.sel, .region.sel").forEach((e) => e.classList.remove("sel"));
  if (path === null) {
    showDetail(null);
    focusLayers();
    return;
  }
  const row = rows.get(path);
  if (row) {
    row.classList.add("sel");
    row.setAttribute("aria-selected", "true");
    let group = row.parentElement.closest(".group.closed");
    while (group) { group.classList.remove("closed"); group = group.parentElement.closest(".group.closed"); }
    if (from !== "tree") row.scrollIntoView({ block: "nearest" });
  }
  document.querySelectorAll(".change").forEach((c) => c.classList.toggle("sel", c.dataset.path === path));
  for (const pane of panes) {
    regionsOf(pane, path).forEach((r) => r.classList.add("sel"));
    const boxes = boxesOf(pane, path);
    boxes.forEach((b) => b.classList.add("sel"));
    if (pane.doc.video && from !== "box") showSegments(pane, path);
    if (from !== "box" && boxes.length && !pane.doc.video) {
      const first = boxes.reduce((a, b) => (pageOf(a) <= pageOf(b) ? a : b));
      scrollToBox(pane, first);
    }
  }
  showDetail(path);
  focusLayers();
}

const pageOf = (box) => Number(box.closest(".page").dataset.page);

function scrollToBox(pane, box) {
  const scroller = pane.pagesEl;
  const s = scroller.getBoundingClientRect();
  const b = box.getBoundingClientRect();
  if (b.top >= s.top + 20 && b.bottom <= s.bottom - 20) return; // already in view
  scroller.scrollTop += b.top - s.top - s.height / 3;
}

function focusLayers() {
  const active = state.hovered !== null || state.selected !== null;
  document.querySelectorAll(".layer").forEach((l) => l.classList.toggle("focus", active));
}

function applyFilter() {
  const only = state.filter;
  for (const [path, row] of rows) {
    if (!leaves.has(path)) continue;
    const conf = confOf(TREE_DOC, path);
    row.classList.toggle("filtered", only && conf !== "med" && conf !== "low");
  }
  // a group is hidden when every leaf inside it is
  const groupEls = [...document.querySelectorAll("#tree .group")].reverse(); // innermost first
  for (const g of groupEls) {
    const visible = [...g.querySelector(".children").children].some((c) => !c.classList.contains("filtered"));
    g.classList.toggle("filtered", only && !visible);
  }
  for (const pane of panes) {
    for (const [path, list] of pane.boxesByPath) {
      const conf = confOf(pane.docIndex, path);
      list.forEach((b) => b.classList.toggle("filtered", only && conf !== "med" && conf !== "low"));
    }
  }
}

function visibleOrder() {
  return order.filter((p) => !rows.get(p).classList.contains("filtered"));
}

function step(delta, onlyLow = false) {
  const list = visibleOrder().filter((p) => !onlyLow || confOf(TREE_DOC, p) === "low");
  if (!list.length) return;
  const all = visibleOrder();
  let at = state.selected === null ? -1 : all.indexOf(state.selected);
  if (onlyLow) {
    // the next low field after (or before) the current position, wrapping around
    const n = all.length;
    for (let k = 1; k <= n; k++) {
      const p = all[(((at + delta * k) % n) + n) % n];
      if (confOf(TREE_DOC, p) === "low") return select(p, { from: "key" });
    }
    return;
  }
  if (at === -1) at = delta > 0 ? -1 : list.length;
  const next = Math.min(Math.max(at + delta, 0), list.length - 1);
  select(list[next], { from: "key" });
}

// --- detail strip -----------------------------------------------------------------------------
function showDetail(path) {
  const box = document.getElementById("detail");
  box.textContent = "";
  if (path === null) {
    box.appendChild(el("div", "path", "no field selected"));
    box.appendChild(el("div", "meta", "hover or click a field, or a box on a page"));
    document.getElementById("draw").disabled = true;
    return;
  }
  const info = fieldInfo(TREE_DOC, path);
  box.appendChild(el("div", "path", path));
  const n = info ? info.boxes.length : 0;
  const pages = info ? [...new Set(info.boxes.map((b) => b[0]))].join(", ") : "";
  const conf = info ? info.confidence : leaves.has(path) ? "no metadata" : groupConfidence(path) || "";
  let text = "confidence " + conf + " · " + n + " box" + (n === 1 ? "" : "es") + (pages !== "" ? " · page " + pages : "");
  if (info && info.edited) text += " · edited";
  box.appendChild(el("div", "meta", text));
  if (EDITABLE && leaves.has(path)) {
    const edit = el("button", "", "Edit value (e)");
    edit.type = "button";
    edit.addEventListener("click", () => startEdit(path));
    const clear = el("button", "", "Clear boxes");
    clear.type = "button";
    clear.disabled = n === 0;
    clear.addEventListener("click", () => setBoxes(path, []));
    box.append(edit, clear);
  }
  document.getElementById("draw").disabled = !(EDITABLE && leaves.has(path));
}

// --- editing ----------------------------------------------------------------------------------
function startEdit(path) {
  if (!EDITABLE || !leaves.has(path)) return;
  select(path, { from: "key" });
  const row = rows.get(path);
  if (row.querySelector("input.editor")) return;
  const val = row.querySelector(".val");
  const { parent, key } = leaves.get(path);
  const input = el("input", "editor");
  const old = parent[key];
  input.value = old === null || old === undefined ? "" : Array.isArray(old) ? JSON.stringify(old) : String(old);
  val.hidden = true;
  row.insertBefore(input, val.nextSibling);
  input.focus();
  input.select();
  let done = false;
  const finish = (commit) => {
    if (done) return;
    done = true;
    input.remove();
    val.hidden = false;
    if (commit) setValue(path, parseValue(input.value, old));
  };
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") { e.preventDefault(); finish(true); }
    else if (e.key === "Escape") { e.preventDefault(); finish(false); }
    e.stopPropagation();
  });
  input.addEventListener("blur", () => finish(true));
  input.addEventListener("click", (e) => e.stopPropagation());
}

// Typed text -> a value of the old value's type where that reads cleanly; empty -> null.
function parseValue(text, old) {
  const t = text.trim();
  if (t === "") return null;
  if (typeof old === "number") {
    const n = Number(t.replace(/,/g, ""));
    return Number.isFinite(n) ? n : text;
  }
  if (typeof old === "boolean") {
    if (/^(true|yes)$/i.test(t)) return true;
    if (/^(false|no)$/i.test(t)) return false;
    return text;
  }
  if (Array.isArray(old)) {
    try {
      const parsed = JSON.parse(t);
      if (Array.isArray(parsed)) return parsed;
    } catch (e) { /* a comma-separated list instead */ }
    const numbers = old.length && old.every((v) => typeof v === "number");
    return t.split(",").map((s) => s.trim()).filter((s) => s !== "").map((s) => (numbers && Number.isFinite(Number(s)) ? Number(s) : s));
  }
  return text;
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function setValue(path, value) {
  const { parent, key } = leaves.get(path);
  if (same(parent[key], value)) return;
  parent[key] = value;
  markEdited(path);
}

function setBoxes(path, boxes, add = false) {
  const meta = metadataOf(path);
  meta.bboxes = add ? [...(meta.bboxes || []), ...boxes] : boxes;
  markEdited(path);
}

// The field's `_metadata` object (created right after the field when the result had none).
function metadataOf(path) {
  const { parent, key } = leaves.get(path);
  const name = key + META;
  if (!isObject(parent)) return { bboxes: [] }; // an item of a list of primitives: no metadata of its own
  if (!isObject(parent[name])) {
    const entries = Object.entries(parent);
    for (const k of Object.keys(parent)) delete parent[k];
    for (const [k, v] of entries) {
      parent[k] = v;
      if (k === key) parent[name] = { confidence: "hi", bboxes: [] };
    }
  }
  return parent[name];
}

// An edited field: a person checked it, so its confidence is "hi" and `edited: true` marks it.
function markEdited(path) {
  const meta = metadataOf(path);
  meta.confidence = "hi";
  meta.edited = true;
  const fields = DATA.docs[TREE_DOC].fields;
  fields[path] = { confidence: "hi", boxes: boxList(meta.bboxes), container: false, edited: true };
  updateContainers(path);
  state.edits += 1;
  refreshRow(path);
  refreshGroups(path);
  refreshCounts();
  const pane = panes[TREE_DOC];
  (pane.boxesByPath.get(path) || []).forEach((b) => b.remove());
  addBoxes(pane, path, fields[path]);
  sortBoxes(pane);
  applyFilter();
  select(path, { from: "box" });
  document.body.dataset.edits = String(state.edits);
}

function boxList(bboxes) {
  return (bboxes || []).filter((b) => b && Array.isArray(b.xywh)).map((b) => [b.page || 0, ...b.xywh]);
}

// Objects that hold the edited field: their regions grown to hold its boxes, their weakest confidence.
function updateContainers(path) {
  const fields = DATA.docs[TREE_DOC].fields;
  for (const [gpath, { parent, key }] of groups) {
    if (!within(path, gpath) || gpath === path || !isObject(parent)) continue;
    const meta = parent[key + META];
    if (!isObject(meta)) continue;
    const byPage = new Map(); // the region on each page: the old one, grown to hold its fields' boxes
    const grow = (page, [x, y, w, h]) => {
      const r = byPage.get(page);
      if (!r) { byPage.set(page, [x, y, x + w, y + h]); return; }
      byPage.set(page, [Math.min(r[0], x), Math.min(r[1], y), Math.max(r[2], x + w), Math.max(r[3], y + h)]);
    };
    for (const [page, ...xywh] of boxList(meta.bboxes)) grow(page, xywh);
    let worst = "hi";
    for (const [p, f] of Object.entries(fields)) {
      if (p === gpath || !within(p, gpath) || f.container) continue;
      if (RANK[f.confidence] > RANK[worst]) worst = f.confidence;
      for (const [page, ...xywh] of f.boxes) grow(page, xywh);
    }
    const round = (v) => Math.round(v * 10000) / 10000;
    const boxes = [...byPage].sort((a, b) => a[0] - b[0]).map(([page, [x0, y0, x1, y1]]) =>
      ({ xywh: [round(x0), round(y0), round(x1 - x0), round(y1 - y0)], page }));
    meta.bboxes = boxes;
    meta.confidence = worst;
    fields[gpath] = { ...(fields[gpath] || { container: true }), confidence: worst, boxes: boxList(boxes) };
  }
}

// --- drawing a box ----------------------------------------------------------------------------
function setDrawing(on) {
  state.drawing = on && state.selected !== null && leaves.has(state.selected);
  document.getElementById("draw").classList.toggle("on", state.drawing);
  panes.forEach((p) => p.pagesEl.classList.toggle("drawing", state.drawing));
}

function enableDrawing(pane) {
  pane.pageEls.forEach((pageEl, index) => {
    let start = null;
    let draft = null;
    const point = (e) => {
      const r = pageEl.getBoundingClientRect();
      return [Math.min(Math.max((e.clientX - r.left) / r.width, 0), 1), Math.min(Math.max((e.clientY - r.top) / r.height, 0), 1)];
    };
    pageEl.addEventListener("pointerdown", (e) => {
      if (!state.drawing || e.button !== 0) return;
      e.preventDefault();
      pageEl.setPointerCapture(e.pointerId);
      start = point(e);
      draft = el("div", "draft");
      pageEl.querySelector(".layer").appendChild(draft);
    });
    pageEl.addEventListener("pointermove", (e) => {
      if (!start) return;
      const [x, y] = point(e);
      Object.assign(draft.style, {
        left: Math.min(x, start[0]) * 100 + "%", top: Math.min(y, start[1]) * 100 + "%",
        width: Math.abs(x - start[0]) * 100 + "%", height: Math.abs(y - start[1]) * 100 + "%",
      });
    });
    pageEl.addEventListener("pointerup", (e) => {
      if (!start) return;
      const [x, y] = point(e);
      const r = pageEl.getBoundingClientRect();
      const box = [Math.min(x, start[0]), Math.min(y, start[1]), Math.abs(x - start[0]), Math.abs(y - start[1])];
      start = null;
      draft.remove();
      if (box[2] * r.width < 3 || box[3] * r.height < 3) return; // a click, not a box
      const round = (v) => Math.round(v * 10000) / 10000;
      setBoxes(state.selected, [{ xywh: box.map(round), page: index }], e.shiftKey);
      setDrawing(false);
    });
  });
}

// --- export and feedback ----------------------------------------------------------------------
function exportData() {
  const doc = DATA.docs[TREE_DOC];
  const result = JSON.parse(JSON.stringify(doc.result));
  if (!doc.wrapper) return result;
  const out = {};
  for (const [k, v] of Object.entries(doc.wrapper)) out[k] = k === "response" ? result : v;
  if (!("response" in out)) out.response = result;
  return out;
}

function download() {
  const name = (DATA.docs[TREE_DOC].export_name || "result") + ".reviewed.json";
  const blob = new Blob([JSON.stringify(exportData(), null, 2) + "\n"], { type: "application/json" });
  const a = el("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

async function submitFeedback() {
  const status = document.getElementById("feedback-status");
  const key = document.getElementById("api-key").value.trim();
  const headers = { "Content-Type": "application/json" };
  if (key) headers.Authorization = "Bearer " + key;
  const body = { request_id: DATA.feedback.request_id, response: JSON.parse(JSON.stringify(DATA.docs[TREE_DOC].result)) };
  const notes = document.getElementById("notes").value.trim();
  if (notes) body.notes = notes;
  status.className = "";
  status.textContent = "sending…";
  try {
    const r = await fetch(new URL(DATA.feedback.url, location.href), { method: "POST", headers, body: JSON.stringify(body) });
    const answer = await r.json().catch(() => ({}));
    if (r.status === 401) {
      document.getElementById("key-row").hidden = false;
      throw new Error("the server wants an API key: enter it above and submit again");
    }
    if (!r.ok) throw new Error(answer.detail ? JSON.stringify(answer.detail) : "HTTP " + r.status);
    status.textContent = "saved as " + answer.id;
    status.dataset.id = answer.id;
  } catch (e) {
    status.className = "error";
    status.textContent = "not saved: " + e.message;
  }
}

// --- keyboard ---------------------------------------------------------------------------------
document.addEventListener("keydown", (e) => {
  const t = e.target;
  const typing = t && (t.tagName === "TEXTAREA" || (t.tagName === "INPUT" && t.type !== "checkbox"));
  if (typing || (t && t.tagName === "BUTTON" && (e.key === "Enter" || e.key === " "))) return;
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const keys = {
    j: () => step(1), ArrowDown: () => step(1), k: () => step(-1), ArrowUp: () => step(-1),
    n: () => step(1, true), N: () => step(-1, true),
    e: () => state.selected && startEdit(state.selected), Enter: () => state.selected && startEdit(state.selected),
    b: () => EDITABLE && setDrawing(!state.drawing),
    f: () => { const box = document.getElementById("filter"); box.checked = !box.checked; box.dispatchEvent(new Event("change")); },
    Escape: () => (state.drawing ? setDrawing(false) : select(null)),
  };
  const action = keys[e.key];
  if (action) { e.preventDefault(); action(); }
});

// --- verification checks (identity documents) ------------------------------------------------
// A list of the checks; a click on one draws the boxes it compared (dashed) and marks its fields.
let selectedCheck = null;

function buildChecks() {
  const ver = DATA.docs[TREE_DOC].result.verification;
  if (!isObject(ver) || !Array.isArray(ver.checks) || !ver.checks.length) return;
  const box = document.getElementById("checks");
  box.hidden = false;
  const failed = ver.checks.filter((c) => !c.passed).length;
  box.appendChild(el("h3", "", ver.checks.length + " checks, " + failed + " failed"));
  ver.checks.forEach((c, i) => {
    const item = el("div", "check " + (c.passed ? "pass" : "fail"));
    item.dataset.i = String(i);
    item.title = (c.fields || []).join(", ");
    item.append(el("span", "mark", c.passed ? "✓" : "✗"), el("span", "name", c.name + " "),
      el("div", "why", c.detail || ""));
    item.addEventListener("click", () => selectCheck(selectedCheck === i ? null : i));
    box.appendChild(item);
  });
}

function selectCheck(i) {
  selectedCheck = i;
  document.querySelectorAll(".box.compared").forEach((b) => b.remove());
  document.querySelectorAll(".check.sel").forEach((e) => e.classList.remove("sel"));
  document.querySelectorAll("#tree .row.checked").forEach((e) => e.classList.remove("checked", "hl"));
  if (i === null) return;
  const check = DATA.docs[TREE_DOC].result.verification.checks[i];
  document.querySelector(`.check[data-i="${i}"]`).classList.add("sel");
  const pane = panes[TREE_DOC];
  let first = null;
  for (const b of check.bboxes || []) {
    const pageEl = pane.pageEls.get(b.page);
    if (!pageEl || !Array.isArray(b.xywh)) continue;
    const [x, y, w, h] = b.xywh;
    const box = el("div", "box compared");
    box.dataset.check = String(i);
    box.style.left = x * 100 + "%";
    box.style.top = y * 100 + "%";
    box.style.width = w * 100 + "%";
    box.style.height = h * 100 + "%";
    pageEl.querySelector(".layer").appendChild(box);
    first = first || box;
  }
  for (const f of check.fields || []) {
    const row = rows.get(f);
    if (row) row.classList.add("checked", "hl");
  }
  if (first) scrollToBox(pane, first);
}

// --- start ------------------------------------------------------------------------------------
function start() {
  const names = DATA.docs.map((d) => d.name);
  document.getElementById("title").textContent = COMPARE ? names[0] + "  ⇄  " + names[1] : names[0];
  const panesEl = document.getElementById("panes");
  DATA.docs.forEach((doc, i) => panesEl.appendChild(buildPane(doc, i)));
  const tree = document.getElementById("tree");
  buildTree(DATA.docs[TREE_DOC].result, "", tree);

  refreshCounts();
  buildChecks();

  if (COMPARE) {
    const box = document.getElementById("changes");
    box.hidden = false;
    box.appendChild(el("h3", "", DATA.changes.length + " field" + (DATA.changes.length === 1 ? "" : "s") + " changed"));
    for (const c of DATA.changes) {
      const item = el("div", "change");
      item.dataset.path = c.path;
      item.append(el("span", "what", c.what), el("span", "path", c.path + " "),
        el("div", "vals", c.what === "place" ? "moved" : show(c.a) + " → " + show(c.b)));
      item.addEventListener("click", () => select(c.path, { from: "change" }));
      item.addEventListener("mouseenter", () => hover(c.path));
      item.addEventListener("mouseleave", () => hover(null));
      box.appendChild(item);
    }
  }
  showDetail(null);
  document.getElementById("edit-tools").hidden = !EDITABLE;
  document.getElementById("draw").disabled = true;
  document.getElementById("draw").addEventListener("click", () => setDrawing(!state.drawing));
  document.getElementById("export").addEventListener("click", download);
  document.getElementById("filter").addEventListener("change", (e) => { state.filter = e.target.checked; applyFilter(); });
  if (DATA.feedback && EDITABLE) {
    document.getElementById("feedback").hidden = false;
    document.getElementById("submit").addEventListener("click", submitFeedback);
  }
  document.body.dataset.ready = "1";
}

start();

// For scripts and tests: the state and the main actions.
window.docground = { state, select, hover, step, exportData, setValue, setBoxes, submitFeedback, selectCheck, data: DATA,
  seek: (t, doc = 0) => seek(panes[doc], t) };
