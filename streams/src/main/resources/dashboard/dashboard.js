/* Dashboard of the dry needling outcomes registry: reads the query API (REFERENCE section 6) with the user's
 * bearer token and redraws every few seconds. The API speaks fractions; this page shows events per 100 sessions. */
'use strict';

const TOKEN_KEY = 'dnregistry.token';
const POLL_MS = Number(new URLSearchParams(location.search).get('poll')) || 5000;
/** How many alerts the feed fetches and lists (newest first). */
const ALERT_PAGE = 50;

const INDICATIONS = ['CHRONIC_LOW_BACK_PAIN', 'ACUTE_LOW_BACK_PAIN', 'NECK_PAIN', 'UPPER_BACK_MYOFASCIAL_PAIN',
  'SHOULDER_PAIN', 'HIP_PAIN', 'KNEE_PAIN', 'LATERAL_EPICONDYLALGIA', 'PLANTAR_FASCIITIS', 'HEADACHE',
  'OSTEOARTHRITIS', 'PATELLOFEMORAL_PAIN', 'TMJ_PAIN', 'OTHER'];
const INDICATION_LABELS = {
  CHRONIC_LOW_BACK_PAIN: 'Chronic low back pain', ACUTE_LOW_BACK_PAIN: 'Acute low back pain', NECK_PAIN: 'Neck pain',
  UPPER_BACK_MYOFASCIAL_PAIN: 'Upper back myofascial pain', SHOULDER_PAIN: 'Shoulder pain', HIP_PAIN: 'Hip pain',
  KNEE_PAIN: 'Knee pain', LATERAL_EPICONDYLALGIA: 'Lateral epicondylalgia (tennis elbow)',
  PLANTAR_FASCIITIS: 'Plantar fasciitis', HEADACHE: 'Headache', OSTEOARTHRITIS: 'Osteoarthritis',
  PATELLOFEMORAL_PAIN: 'Patellofemoral pain', TMJ_PAIN: 'TMJ pain', OTHER: 'Other indications'
};
const CATEGORY_LABELS = {
  BRUISING: 'Bruising', BLEEDING: 'Bleeding', PAIN_DURING: 'Pain during treatment', PAIN_AFTER: 'Pain after treatment',
  SYMPTOM_AGGRAVATION: 'Symptoms aggravated', DROWSINESS: 'Drowsiness', HEADACHE: 'Headache', NAUSEA: 'Nausea',
  FATIGUE: 'Fatigue', VASOVAGAL: 'Fainting / vasovagal reaction', PNEUMOTHORAX: 'Pneumothorax', INFECTION: 'Infection',
  NERVE_INJURY: 'Nerve injury', NEEDLE_BREAKAGE: 'Needle breakage', FORGOTTEN_NEEDLE: 'Needle left in patient',
  OTHER: 'Other adverse events', ANY_MINOR: 'Any minor adverse event', SERIOUS: 'Serious adverse events'
};
/** Shown first: the two summary rows a clinician reads before the detail. */
const SUMMARY_CATEGORIES = ['ANY_MINOR', 'SERIOUS'];
const SENTINEL_CATEGORIES = ['PNEUMOTHORAX', 'INFECTION', 'NERVE_INJURY', 'NEEDLE_BREAKAGE', 'FORGOTTEN_NEEDLE'];

const STATUS_TEXT = {
  ALARM: 'far more events than the published rate would explain',
  WARNING: 'more events than the published rate would explain',
  BELOW: 'fewer events than the published rate; check that adverse events are being reported',
  CONSISTENT: 'in line with the published rate',
  NO_DATA: 'no sessions in this window'
};
const STATUS_RANK = { ALARM: 0, WARNING: 1, BELOW: 2, CONSISTENT: 3, NO_DATA: 4 };

const INSTRUMENTS = {
  NPRS: { name: 'Pain intensity (NPRS)', unit: '0–10', mcidSource: 'Farrar 2001' },
  NDI: { name: 'Neck disability (NDI)', unit: '0–50', mcidSource: 'Young 2009' },
  ODI: { name: 'Low back disability (ODI)', unit: '0–100', mcidSource: 'Ostelo 2008' },
  PSFS: { name: 'Patient-specific function (PSFS)', unit: '0–10 (higher is better)', mcidSource: 'Stratford 1995' }
};
const TIMEPOINT_LABELS = {
  POST_SESSION: 'Right after a session', WEEK_2: 'Week 2', WEEK_4: 'Week 4', WEEK_8: 'Week 8', DISCHARGE: 'Discharge',
  MONTH_3: '3 months', MONTH_6: '6 months', MONTH_12: '12 months'
};
const EFFICACY_TEXT = {
  ABOVE_MCID: 'Improvement clearly above the MCID',
  BELOW_MCID: 'Improvement clearly below the MCID',
  INCONCLUSIVE: 'Not yet conclusive: the 95% CI includes the MCID',
  INSUFFICIENT_DATA: 'Too few patients (fewer than 2)'
};
const FLAG_LABELS = {
  NOT_RECOMMENDED_INDICATION: 'Indication not recommended',
  CHRONIC_CONDITION: 'Chronic condition',
  CONSERVATIVE_CARE_NOT_TRIED: 'Conservative care not tried first',
  PRACTITIONER_TRAINING_BELOW_60H: 'Practitioner training 60 h or less',
  OUTSIDE_SCOPE_OF_PRACTICE: 'Outside scope of practice (state)',
  NEEDLE_SPEC_OUT_OF_RANGE: 'Needle size out of range',
  CONTRAINDICATION_PRESENT: 'Contraindication present',
  NECK_PAIN_WITHOUT_EXERCISE: 'Neck pain without exercise or manual therapy',
  LOW_ADHERENCE: 'Attended under 80% of planned sessions'
};
/** The data-quality counts of /v1/data-quality, in the order a reader checks them. */
const DATA_QUALITY_LABELS = {
  sessionsEpisodeUnknown: 'Sessions, episode not received',
  outcomesEpisodeUnknown: 'Outcomes, episode not received',
  adverseEventsSessionUnknown: 'Adverse events, session not received',
  adverseEventsEpisodeUnknown: 'Adverse events, episode not received',
  adverseEventsWrongEpisode: "Adverse events naming another episode than their session's"
};
const FUNNEL_TEXT = {
  ABOVE_998: 'above the 99.8% limit', ABOVE_95: 'above the 95% limit', WITHIN: 'within the limits',
  BELOW_95: 'below the 95% limit', BELOW_998: 'below the 99.8% limit'
};
const FUNNEL_SHORT = {
  ABOVE_998: 'above 99.8%', ABOVE_95: 'above 95%', WITHIN: 'within', BELOW_95: 'below 95%', BELOW_998: 'below 99.8%'
};
const FLAG_COLOURS = {
  ABOVE_998: '#b42318', ABOVE_95: '#f79009', WITHIN: '#12b76a', BELOW_95: '#2e90fa', BELOW_998: '#175cd3'
};

const state = {
  token: sessionStorage.getItem(TOKEN_KEY) || '',
  me: null,
  scope: 'network',
  indication: 'ALL',
  window: '90',
  asOf: '',
  funnelCategory: 'ANY_MINOR',
  /** The category of the CUSUM charts; until the registry says what it monitors, bruising (the commonest). */
  surveillanceCategory: 'BRUISING',
  funnelSource: '',
  showEmpty: false,
  baselines: [],
  generation: 0,
  timer: null,
  funnelChart: null,
  /** Chart.js charts of the CUSUM paths by clinic, and the clinics they were drawn for. */
  cusumCharts: new Map(),
  cusumClinics: ''
};

const $ = (sel) => document.querySelector(sel);
const DAY_MS = 86400000;

/** Replaces an element's content only when it changed, so polling keeps selections, focus and hover titles. */
const rendered = new WeakMap();
function setHtml(el, html) {
  if (rendered.get(el) !== html) {
    el.innerHTML = html;
    rendered.set(el, html);
  }
}

// ---------------------------------------------------------------------------------------------- formatting

function escapeHtml(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** A fraction as events per 100 sessions, with enough digits for rare events. */
function per100(rate) {
  if (rate === null || rate === undefined) return '—';
  const v = rate * 100;
  if (v === 0) return '0';
  if (v >= 1) return v.toFixed(1);
  if (v >= 0.1) return v.toFixed(2);
  return v.toPrecision(2);
}

function percent(fraction) {
  return fraction === null || fraction === undefined ? '—' : Math.round(fraction * 100) + '%';
}

function pValue(p) {
  if (p === null || p === undefined) return '';
  if (p < 0.001) return 'p < 0.001';
  if (p < 0.01) return 'p = ' + p.toFixed(3);
  return 'p = ' + p.toFixed(2);
}

function points(v) {
  return v === null || v === undefined ? '—' : v.toFixed(1);
}

function range(low, high, fmt) {
  return low === high ? fmt(low) : fmt(low) + '–' + fmt(high);
}

function dayLabel(iso) {
  if (!iso) return '';
  const d = new Date(iso + 'T00:00:00Z');
  return d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** A day as "10 Nov", for chart ticks. */
function shortDay(iso) {
  if (!iso) return '';
  return new Date(iso + 'T00:00:00Z').toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

function windowLabel(w) {
  return w === 'all' ? 'all time' : 'last ' + w + ' days';
}

function scopeLabel(scope) {
  return scope === 'network' ? 'whole network' : 'clinic ' + scope.substring('clinic:'.length);
}

function instantOf(raisedAt) {
  return typeof raisedAt === 'number' ? new Date(raisedAt) : new Date(String(raisedAt));
}

function ago(date) {
  const s = Math.round((Date.now() - date.getTime()) / 1000);
  if (s < 90) return 'just now';
  if (s < 5400) return Math.round(s / 60) + ' min ago';
  if (s < 129600) return Math.round(s / 3600) + ' h ago';
  return Math.round(s / 86400) + ' days ago';
}

// ---------------------------------------------------------------------------------------------- API

class ApiError extends Error {
  constructor(kind, message, retryAfter) {
    super(message);
    this.kind = kind;
    this.retryAfter = retryAfter;
  }
}

async function api(path, params) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== '' && v !== null && v !== undefined) query.set(k, v);
  }
  const url = path + (query.toString() ? '?' + query : '');
  let response;
  try {
    response = await fetch(url, { headers: { Authorization: 'Bearer ' + state.token }, cache: 'no-store' });
  } catch (e) {
    throw new ApiError('offline', 'Cannot reach the registry; retrying');
  }
  if (response.ok) return response.json();
  const body = await response.json().catch(() => ({}));
  if (response.status === 401) throw new ApiError('unauthorized', 'Token not recognised');
  if (response.status === 403) throw new ApiError('forbidden', body.message || 'Not allowed for this token');
  if (response.status === 503) {
    throw new ApiError('starting', 'Registry starting; retrying', Number(response.headers.get('Retry-After')) || 5);
  }
  throw new ApiError('error', body.message || ('HTTP ' + response.status));
}

function figureParams() {
  return { scope: state.scope, indication: state.indication, window: state.window, asOf: state.asOf };
}

// ---------------------------------------------------------------------------------------------- status line

function setStatus(kind, text) {
  const el = $('#status');
  el.className = 'status ' + kind;
  el.textContent = text;
}

// ---------------------------------------------------------------------------------------------- controls

function fillIndications() {
  const select = $('#indication');
  select.innerHTML = '<option value="ALL">All indications</option>' +
    INDICATIONS.map((c) => `<option value="${c}">${escapeHtml(INDICATION_LABELS[c])}</option>`).join('');
  select.value = state.indication;
}

function fillScopes(clinics) {
  const select = $('#scope');
  let options;
  if (state.me && state.me.role === 'clinic') {
    const own = 'clinic:' + state.me.clinicId;
    options = [`<option value="${escapeHtml(own)}">Clinic ${escapeHtml(state.me.clinicId)} (your clinic)</option>`];
    state.scope = own;
  } else {
    options = ['<option value="network">Whole network</option>'].concat(
      clinics.map((c) => `<option value="clinic:${escapeHtml(c)}">Clinic ${escapeHtml(c)}</option>`));
  }
  const html = options.join('');
  setHtml(select, html);
  select.value = state.scope;
  if (select.value !== state.scope) {
    state.scope = select.options[0].value;
    select.value = state.scope;
  }
  select.disabled = select.options.length < 2;
}

function fillFunnelCategories() {
  const select = $('#funnel-category');
  if (select.options.length) return;
  const order = SUMMARY_CATEGORIES.concat(Object.keys(CATEGORY_LABELS).filter((c) => !SUMMARY_CATEGORIES.includes(c)));
  select.innerHTML = order.map((c) => `<option value="${c}">${escapeHtml(CATEGORY_LABELS[c])}</option>`).join('');
  select.value = state.funnelCategory;
}

function applicableBaselines(category) {
  return state.baselines
    .filter((b) => b.category === category &&
      (b.indication === null || b.indication === undefined ||
        (state.indication !== 'ALL' && b.indication === state.indication)))
    .sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}

function fillFunnelSources() {
  const select = $('#funnel-source');
  const applicable = applicableBaselines(state.funnelCategory);
  if (!applicable.some((b) => b.source === state.funnelSource)) state.funnelSource = '';
  const html = applicable.length
    ? applicable.map((b) => `<option value="${escapeHtml(b.source)}">${escapeHtml(b.source)} (${range(b.low, b.high, per100)} per 100)</option>`).join('')
    : '<option value="">No published rate</option>';
  setHtml(select, html);
  select.value = state.funnelSource || (applicable[0] ? applicable[0].source : '');
  select.disabled = applicable.length < 2;
}

/** The categories surveillance monitors, as the registry says; the chosen one stays chosen while it is monitored. */
function fillSurveillanceCategories(monitored) {
  const select = $('#surveillance-category');
  const order = SUMMARY_CATEGORIES.filter((c) => monitored.includes(c))
    .concat(monitored.filter((c) => !SUMMARY_CATEGORIES.includes(c)));
  setHtml(select, order.map((c) => `<option value="${c}">${escapeHtml(CATEGORY_LABELS[c] || c)}</option>`).join(''));
  if (!order.includes(state.surveillanceCategory) && order.length) state.surveillanceCategory = order[0];
  select.value = state.surveillanceCategory;
}

function bindControls() {
  $('#signin').addEventListener('submit', (e) => {
    e.preventDefault();
    const token = $('#token').value.trim();
    if (!token) return;
    state.token = token;
    sessionStorage.setItem(TOKEN_KEY, token);
    connect();
  });
  $('#signout').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    state.token = '';
    state.me = null;
    clearTimeout(state.timer);
    state.generation++;
    $('#token').value = '';
    $('#main').hidden = true;
    $('#welcome').hidden = false;
    showSignedIn(false);
    setStatus('idle', 'Not connected');
  });
  $('#scope').addEventListener('change', (e) => { state.scope = e.target.value; refreshNow(); });
  $('#indication').addEventListener('change', (e) => { state.indication = e.target.value; refreshNow(); });
  $('#asof').addEventListener('change', (e) => { state.asOf = e.target.value; refreshNow(); });
  for (const b of document.querySelectorAll('[data-window]')) {
    b.addEventListener('click', () => {
      state.window = b.dataset.window;
      for (const other of document.querySelectorAll('[data-window]')) {
        other.classList.toggle('active', other === b);
        other.setAttribute('aria-pressed', String(other === b));
      }
      refreshNow();
    });
  }
  $('#funnel-category').addEventListener('change', (e) => {
    state.funnelCategory = e.target.value;
    state.funnelSource = '';
    refreshNow();
  });
  $('#funnel-source').addEventListener('change', (e) => { state.funnelSource = e.target.value; refreshNow(); });
  $('#surveillance-category').addEventListener('change', (e) => { state.surveillanceCategory = e.target.value; refreshNow(); });
  $('#show-empty').addEventListener('change', (e) => { state.showEmpty = e.target.checked; refreshNow(); });
  document.addEventListener('visibilitychange', () => { if (!document.hidden) refreshNow(); });
}

// ---------------------------------------------------------------------------------------------- refresh loop

async function connect() {
  const generation = ++state.generation;
  clearTimeout(state.timer);
  setStatus('idle', 'Connecting…');
  try {
    state.me = await api('/v1/me');
  } catch (e) {
    if (generation !== state.generation) return;
    showProblem(e);
    if (e.kind !== 'unauthorized') state.timer = setTimeout(connect, POLL_MS);
    return;
  }
  if (generation !== state.generation) return;
  state.scope = state.me.defaultScope;
  $('#welcome').hidden = true;
  $('#main').hidden = false;
  showSignedIn(true);
  $('#token').value = '';
  refresh(generation);
}

function refreshNow() {
  if (!state.me) return;
  clearTimeout(state.timer);
  refresh(++state.generation);
}

async function refresh(generation) {
  // A hidden tab does not poll; it catches up as soon as it is shown again (see the visibilitychange listener).
  if (document.hidden) {
    state.timer = setTimeout(() => refresh(generation), POLL_MS);
    return;
  }
  try {
    const [clinics, baselines] = await Promise.all([api('/v1/clinics'), api('/v1/baselines')]);
    if (generation !== state.generation) return;
    state.baselines = baselines.baselines;
    fillScopes(clinics.clinics);
    fillFunnelCategories();
    fillFunnelSources();
    const visible = state.me.role === 'clinic' ? [state.me.clinicId] : clinics.clinics;
    const weekAgo = new Date(Date.now() - 7 * DAY_MS).toISOString();
    // Data quality: every clinic the reader may see, and the network as a whole for a network reader.
    const qualityScopes = (state.me.role === 'clinic' ? [] : ['network']).concat(visible.map((c) => 'clinic:' + c));
    const [complications, efficacy, compliance, funnel, alerts, lastWeek, paths, quality] = await Promise.all([
      api('/v1/complications', figureParams()),
      api('/v1/efficacy', figureParams()),
      api('/v1/compliance', { scope: state.scope, window: state.window, asOf: state.asOf }),
      api('/v1/funnel', {
        indication: state.indication, category: state.funnelCategory, window: state.window, asOf: state.asOf,
        source: state.funnelSource
      }),
      api('/v1/alerts', { limit: ALERT_PAGE }),
      // Only the count of this one matters: its total is every alert of the week, however long the feed.
      api('/v1/alerts', { since: weekAgo, limit: 1 }),
      Promise.all(visible.map((c) => api('/v1/surveillance', { scope: 'clinic:' + c, category: state.surveillanceCategory }))),
      Promise.all(qualityScopes.map((scope) => api('/v1/data-quality', { scope, asOf: state.asOf })))
    ]);
    if (generation !== state.generation) return;
    renderPeriod(complications);
    renderSummary(complications, lastWeek);
    renderComplications(complications);
    renderFunnel(funnel);
    renderEfficacy(efficacy);
    renderCompliance(compliance);
    renderDataQuality(quality);
    renderAlerts(alerts);
    renderSurveillance(visible, paths);
    renderSources();
    setStatus('live', 'Live · updated ' + new Date().toLocaleTimeString());
  } catch (e) {
    if (generation !== state.generation) return;
    showProblem(e);
    if (e.kind === 'unauthorized') return;
  }
  if (generation === state.generation) {
    state.timer = setTimeout(() => refresh(generation), POLL_MS);
  }
}

function showSignedIn(signedIn) {
  for (const el of document.querySelectorAll('.signed-out')) el.hidden = signedIn;
  $('#signout').hidden = !signedIn;
  $('#whoami').hidden = !signedIn;
  $('#whoami').textContent = !signedIn || !state.me ? ''
    : state.me.role === 'clinic' ? 'Signed in for clinic ' + state.me.clinicId
      : 'Signed in as ' + state.me.role + ' (all clinics)';
}

function showProblem(e) {
  const kind = e.kind === 'unauthorized' || e.kind === 'forbidden' || e.kind === 'error' ? 'error' : 'problem';
  setStatus(kind, e.message);
  if (e.kind === 'unauthorized') {
    sessionStorage.removeItem(TOKEN_KEY);
    state.me = null;
    $('#main').hidden = true;
    $('#welcome').hidden = false;
    showSignedIn(false);
  }
}

// ---------------------------------------------------------------------------------------------- rendering

function renderPeriod(c) {
  setHtml($('#period'), `Showing <b>${escapeHtml(scopeLabel(c.scope))}</b>, ${escapeHtml(windowLabel(c.window))}` +
    ` up to <b id="asof-label">${escapeHtml(dayLabel(c.asOf))}</b>`);
  $('#asof').placeholder = c.asOf;
}

function worstStatus(row) {
  return (row.baselines || []).reduce((worst, b) => (STATUS_RANK[b.status] < STATUS_RANK[worst] ? b.status : worst), 'NO_DATA');
}

function renderSummary(c, lastWeek) {
  const byCategory = Object.fromEntries(c.rows.map((r) => [r.category, r]));
  const minor = byCategory.ANY_MINOR;
  const serious = byCategory.SERIOUS;
  const n = minor ? minor.sessions : 0;
  const raised = c.rows.filter((r) => ['ALARM', 'WARNING'].includes(worstStatus(r)));
  const recent = lastWeek.total;
  const tiles = [
    { id: 'sessions', value: n.toLocaleString(), what: 'treatment sessions' },
    { id: 'minor', value: minor ? per100(minor.rate) : '—', what: 'minor adverse events per 100 sessions' },
    { id: 'serious', value: serious ? serious.events : 0, what: serious && serious.events === 1 ? 'serious adverse event' : 'serious adverse events', cls: serious && serious.events > 0 ? 'alarm' : '' },
    { id: 'above', value: raised.length, what: raised.length === 1 ? 'complication above a published rate' : 'complications above a published rate', cls: raised.length ? 'warning' : '' },
    { id: 'recent-alerts', value: recent.toLocaleString(), what: recent === 1 ? 'alert in the last 7 days' : 'alerts in the last 7 days', cls: recent ? 'warning' : '' }
  ];
  setHtml($('#summary'), tiles.map((t) =>
    `<div class="tile ${t.cls || ''}" id="tile-${t.id}"><div class="value">${escapeHtml(t.value)}</div><div class="what">${escapeHtml(t.what)}</div></div>`).join(''));
}

/** A one-row forest plot: published ranges as grey bands, the observed 95% CI as a line, the rate as a dot. */
function forest(row) {
  const W = 180, H = 26, pad = 6;
  const baselines = row.baselines || [];
  const highs = [row.ciHigh || 0, row.rate || 0].concat(baselines.map((b) => b.high));
  const max = Math.max(...highs) * 1.1 || 0.01;
  const x = (v) => pad + (W - 2 * pad) * (v / max);
  const parts = [`<line class="axis" x1="${pad}" x2="${W - pad}" y1="${H - 6}" y2="${H - 6}"/>`];
  for (const b of baselines) {
    const title = `<title>${escapeHtml(b.source)}: ${range(b.low, b.high, per100)} per 100</title>`;
    parts.push(b.high - b.low > max / 200
      ? `<rect class="band" x="${x(b.low)}" y="3" width="${x(b.high) - x(b.low)}" height="${H - 10}">${title}</rect>`
      : `<line class="band-line" x1="${x(b.low)}" x2="${x(b.low)}" y1="3" y2="${H - 7}">${title}</line>`);
  }
  if (row.rate !== null && row.rate !== undefined) {
    const colour = { ALARM: '#b42318', WARNING: '#b54708', BELOW: '#175cd3' }[worstStatus(row)] || '#1d2939';
    parts.push(`<line class="ci-line" stroke="${colour}" x1="${x(row.ciLow)}" x2="${x(row.ciHigh)}" y1="${(H - 6) / 2 + 1}" y2="${(H - 6) / 2 + 1}"/>`);
    parts.push(`<circle cx="${x(row.rate)}" cy="${(H - 6) / 2 + 1}" r="4" fill="${colour}"><title>${per100(row.rate)} per 100</title></circle>`);
  }
  parts.push(`<text x="${W - pad}" y="${H}" text-anchor="end">${per100(max)}</text><text x="${pad}" y="${H}">0</text>`);
  return `<svg class="forest" width="${W}" height="${H + 2}" role="img" aria-label="rate against published rates">${parts.join('')}</svg>`;
}

function verdict(b) {
  const p = b.status === 'BELOW' ? b.pLower : b.pUpper;
  const evidence = ['ALARM', 'WARNING', 'BELOW'].includes(b.status) ? ` (${pValue(p)})` : '';
  return `<div class="verdict status-badge" data-source="${escapeHtml(b.source)}" data-status="${b.status}">` +
    `<span class="badge ${b.status}">${b.status.replace('_', ' ')}</span> ` +
    `<span class="src">${escapeHtml(b.source)}</span> <span class="muted">published ${range(b.low, b.high, per100)} per 100</span>` +
    `<span class="why">${escapeHtml(STATUS_TEXT[b.status])}${evidence}</span></div>`;
}

function renderComplications(c) {
  const rows = SUMMARY_CATEGORIES.map((k) => c.rows.find((r) => r.category === k)).filter(Boolean)
    .concat(c.rows.filter((r) => !SUMMARY_CATEGORIES.includes(r.category)));
  let hidden = 0;
  const html = rows.map((r) => {
    const summary = SUMMARY_CATEGORIES.includes(r.category);
    r.baselines = r.baselines || [];
    if (!summary && !state.showEmpty && r.events === 0 && r.baselines.length === 0) {
      hidden++;
      return '';
    }
    const sentinel = SENTINEL_CATEGORIES.includes(r.category) ? ' <span class="badge SENTINEL" title="Every event raises an alert">sentinel</span>' : '';
    const verdicts = r.baselines.length
      ? r.baselines.map(verdict).join('')
      : `<div class="verdict"><span class="badge NONE">NO BASELINE</span> <span class="muted">no published rate to compare with</span></div>`;
    return `<tr data-category="${r.category}" class="${summary ? 'summary-row' : ''}">` +
      `<td>${escapeHtml(CATEGORY_LABELS[r.category] || r.category)}${sentinel}</td>` +
      `<td class="num counts">${r.events} / ${r.sessions}</td>` +
      `<td class="num"><span class="rate">${per100(r.rate)}</span> <span class="ci">${r.rate === null ? '' : '(' + per100(r.ciLow) + '–' + per100(r.ciHigh) + ')'}</span></td>` +
      `<td>${forest(r)}</td>` +
      `<td><div class="verdicts">${verdicts}</div></td></tr>`;
  }).join('');
  setHtml($('#complications tbody'), html);
  $('#show-empty').parentElement.lastChild.textContent = hidden
    ? ` Show ${hidden} more complications with no events and no published rate`
    : ' Show complications with no events and no published rate';
}

const pointLabels = {
  id: 'pointLabels',
  afterDatasetsDraw(chart) {
    const index = chart.data.datasets.findIndex((d) => d.clinicPoints);
    if (index < 0) return;
    const ctx = chart.ctx;
    ctx.save();
    ctx.font = '600 12px system-ui, sans-serif';
    ctx.fillStyle = '#1d2939';
    chart.getDatasetMeta(index).data.forEach((el, i) => {
      const p = chart.data.datasets[index].data[i];
      if (p && !el.skip) ctx.fillText(p.clinicId, el.x + 7, el.y - 6);
    });
    ctx.restore();
  }
};

function renderFunnel(f) {
  const b = f.baseline;
  const label = CATEGORY_LABELS[f.category] || f.category;
  $('#funnel-hint').textContent = b
    ? `Each dot is a clinic: ${label.toLowerCase()} per 100 sessions against its number of sessions. ` +
      `The centre line is ${b.source} (${per100(b.centre)} per 100); a clinic at that rate falls inside the inner ` +
      `lines 95% of the time and inside the outer lines 99.8% of the time. Small clinics vary more.`
    : `No published rate for ${label.toLowerCase()}${state.indication === 'ALL' ? '' : ' and this indication'}: ` +
      'the dots show the clinics without limits.';
  const points = f.points.filter((p) => p.rate !== null);
  const outside = f.points.filter((p) => p.flag && p.flag !== 'WITHIN');
  setHtml($('#funnel-outliers'), !b ? '<p class="empty">No limits without a published rate.</p>'
    : outside.length
      ? outside.map((p) => `<p data-clinic="${escapeHtml(p.clinicId)}"><span class="badge ${p.flag}">${escapeHtml(p.clinicId)}</span> ` +
        `${per100(p.rate)} per 100 in ${p.sessions} sessions: ${FUNNEL_TEXT[p.flag]}</p>`).join('')
      : '<p class="empty">Every clinic is within the limits.</p>');
  setHtml($('#funnel-points tbody'), f.points.map((p) =>
    `<tr data-clinic="${escapeHtml(p.clinicId)}"><td>${escapeHtml(p.clinicId)}</td><td class="num">${p.sessions}</td>` +
    `<td class="num">${p.events}</td><td class="num">${per100(p.rate)}</td>` +
    `<td>${p.flag ? `<span class="badge ${p.flag}" title="${FUNNEL_TEXT[p.flag]}">${FUNNEL_SHORT[p.flag]}</span>` : '<span class="muted">—</span>'}</td></tr>`).join(''));

  const line = (key, colour, dash, name) => ({
    type: 'line', label: name, data: f.limits.map((l) => ({ x: l.sessions, y: l[key] * 100 })),
    borderColor: colour, borderWidth: 1.5, borderDash: dash, pointRadius: 0, pointStyle: 'line', tension: 0, fill: false
  });
  const maxSessions = Math.max(1, ...f.points.map((p) => p.sessions));
  const datasets = [];
  if (b) {
    datasets.push(line('upper998', '#b42318', [6, 4], '99.8% limits'));
    datasets.push(Object.assign(line('lower998', '#b42318', [6, 4], '99.8% limits'), { hideInLegend: true }));
    datasets.push(line('upper95', '#f79009', [], '95% limits'));
    datasets.push(Object.assign(line('lower95', '#f79009', [], '95% limits'), { hideInLegend: true }));
    datasets.push({
      type: 'line', label: `${b.source} ${per100(b.centre)} per 100`, data: [{ x: 0, y: b.centre * 100 }, { x: maxSessions * 1.05, y: b.centre * 100 }],
      borderColor: '#667085', borderWidth: 1, pointRadius: 0, pointStyle: 'line'
    });
  }
  const selected = state.scope.startsWith('clinic:') ? state.scope.substring(7) : null;
  datasets.push({
    type: 'scatter', label: 'Clinics', clinicPoints: true, pointStyle: 'circle',
    data: points.map((p) => ({ x: p.sessions, y: p.rate * 100, clinicId: p.clinicId, flag: p.flag })),
    pointBackgroundColor: points.map((p) => FLAG_COLOURS[p.flag] || '#475467'),
    pointBorderColor: points.map((p) => (p.clinicId === selected ? '#0b2545' : '#ffffff')),
    pointBorderWidth: points.map((p) => (p.clinicId === selected ? 3 : 1)),
    pointRadius: points.map((p) => (p.clinicId === selected ? 8 : 6))
  });
  // Keep the first few sessions' very wide limits from squashing the clinics into the bottom of the chart.
  const minSessions = Math.max(1, Math.min(...points.map((p) => p.sessions).concat([maxSessions])));
  const visibleLimits = f.limits.filter((l) => l.sessions >= minSessions / 2).map((l) => l.upper998 * 100);
  const yTop = Math.max(1, ...points.map((p) => p.rate * 100), ...visibleLimits, b ? b.centre * 200 : 0) * 1.1;
  const yMax = yTop > 10 ? Math.ceil(yTop / 5) * 5 : Math.ceil(yTop);
  const options = {
    responsive: true, maintainAspectRatio: false, animation: false,
    scales: {
      x: { type: 'linear', min: 0, max: Math.ceil(maxSessions * 1.05), title: { display: true, text: 'Sessions in the window' } },
      y: { min: 0, max: yMax, title: { display: true, text: `${label} per 100 sessions` } }
    },
    plugins: {
      legend: { labels: { usePointStyle: true, filter: (item, data) => !data.datasets[item.datasetIndex].hideInLegend } },
      tooltip: {
        callbacks: {
          label: (ctx) => {
            const p = ctx.raw;
            return p.clinicId
              ? `Clinic ${p.clinicId}: ${ctx.parsed.y.toFixed(1)} per 100 in ${p.x} sessions (${FUNNEL_TEXT[p.flag] || 'no limits'})`
              : `${ctx.dataset.label}: ${ctx.parsed.y.toFixed(1)} per 100 at ${ctx.parsed.x} sessions`;
          }
        }
      }
    }
  };
  if (state.funnelChart) {
    state.funnelChart.data.datasets = datasets;
    state.funnelChart.options = options;
    state.funnelChart.update('none');
  } else {
    state.funnelChart = new Chart($('#funnel-chart'), { type: 'scatter', data: { datasets }, options, plugins: [pointLabels] });
  }
}

function effectBar(r) {
  const W = 150, H = 22, pad = 6;
  const lo = Math.min(0, r.ciLow ?? r.meanChange, r.mcid);
  const hi = Math.max(r.ciHigh ?? r.meanChange, r.mcid) * 1.15;
  const x = (v) => pad + (W - 2 * pad) * ((v - lo) / (hi - lo));
  const colour = { ABOVE_MCID: '#067647', BELOW_MCID: '#b42318' }[r.status] || '#1d2939';
  const parts = [`<line class="axis" x1="${x(lo)}" x2="${x(hi)}" y1="${H - 4}" y2="${H - 4}"/>`,
    `<line class="mcid" x1="${x(r.mcid)}" x2="${x(r.mcid)}" y1="1" y2="${H - 2}"><title>MCID ${r.mcid}</title></line>`];
  if (r.ciLow !== null) parts.push(`<line class="ci-line" stroke="${colour}" x1="${x(r.ciLow)}" x2="${x(r.ciHigh)}" y1="${H / 2}" y2="${H / 2}"/>`);
  parts.push(`<circle cx="${x(r.meanChange)}" cy="${H / 2}" r="4" fill="${colour}"/>`);
  return `<svg class="forest" width="${W}" height="${H}" role="img" aria-label="mean change against MCID">${parts.join('')}</svg>`;
}

function renderEfficacy(e) {
  const byInstrument = {};
  for (const r of e.rows) (byInstrument[r.instrument] = byInstrument[r.instrument] || []).push(r);
  const empty = [];
  const cards = Object.keys(INSTRUMENTS).map((instrument) => {
    const info = INSTRUMENTS[instrument];
    const rows = (byInstrument[instrument] || []).filter((r) => r.n > 0);
    if (!rows.length) {
      empty.push(info.name);
      return '';
    }
    const mcid = rows[0].mcid;
    return `<div class="instrument" data-instrument="${instrument}"><h3>${escapeHtml(info.name)}</h3>` +
      `<p class="hint">Scale ${escapeHtml(info.unit)}; MCID ${mcid} points (${escapeHtml(info.mcidSource)})</p>` +
      '<table class="figures compact"><colgroup><col class="e-when"><col class="e-n"><col class="e-mean"><col class="e-bar">' +
      '<col class="e-resp"><col></colgroup><thead><tr><th>When</th><th class="num">Patients</th>' +
      '<th class="num">Mean improvement (95% CI)</th><th>Against the MCID</th><th class="num">Responders (95% CI)</th>' +
      '<th>Verdict</th></tr></thead><tbody>' +
      rows.map((r) => `<tr data-instrument="${r.instrument}" data-timepoint="${r.timepoint}">` +
        `<td>${escapeHtml(TIMEPOINT_LABELS[r.timepoint] || r.timepoint)}</td><td class="num">${r.n}</td>` +
        `<td class="num"><span class="mean">${points(r.meanChange)}</span> <span class="ci">${r.ciLow === null ? '' : '(' + points(r.ciLow) + ' to ' + points(r.ciHigh) + ')'}</span></td>` +
        `<td>${effectBar(r)}</td>` +
        `<td class="num"><span class="responders">${r.responders} (${percent(r.responderRate)})</span> <span class="ci">${r.responderCiLow === null ? '' : percent(r.responderCiLow) + '–' + percent(r.responderCiHigh)}</span></td>` +
        `<td><span class="badge ${r.status}">${r.status.replace('_', ' ')}</span> <span class="muted">${escapeHtml(EFFICACY_TEXT[r.status])}</span></td></tr>`).join('') +
      '</tbody></table></div>';
  }).join('');
  const none = empty.length
    ? `<p class="empty nodata">No patients with a baseline and a follow-up score in this window for: ${empty.map(escapeHtml).join(', ')}.</p>`
    : '';
  setHtml($('#efficacy'), cards + none);
}

function renderCompliance(c) {
  const flags = Object.keys(FLAG_LABELS);
  const cell = (clinic, f, v) => `<td class="num ${v ? 'some' : 'zero'}" data-clinic="${escapeHtml(clinic)}" data-flag="${f}">${v}</td>`;
  const head = '<colgroup><col class="c-clinic">' + flags.map(() => '<col>').join('') + '<col></colgroup>' +
    '<thead><tr><th scope="col">Clinic</th>' +
    flags.map((f) => `<th scope="col" class="num" title="${escapeHtml(f)}">${escapeHtml(FLAG_LABELS[f])}</th>`).join('') +
    '<th scope="col" class="num">All flags</th></tr></thead>';
  const body = c.rows.length
    ? c.rows.map((r) => {
      const total = flags.reduce((s, f) => s + (r.counts[f] || 0), 0);
      return `<tr data-clinic="${escapeHtml(r.clinicId)}"><td>Clinic ${escapeHtml(r.clinicId)}</td>` +
        flags.map((f) => cell(r.clinicId, f, r.counts[f] || 0)).join('') +
        `<td class="num total" data-clinic="${escapeHtml(r.clinicId)}">${total}</td></tr>`;
    }).join('')
    : `<tr><td colspan="${flags.length + 2}" class="empty">No guideline flags in this window.</td></tr>`;
  const grand = flags.reduce((s, f) => s + (c.total[f] || 0), 0);
  const foot = c.rows.length > 1
    ? '<tr><td>All clinics</td>' + flags.map((f) => `<td class="num">${c.total[f] || 0}</td>`).join('') + `<td class="num">${grand}</td></tr>`
    : '';
  setHtml($('#compliance'), `${head}<tbody>${body}</tbody><tfoot>${foot}</tfoot>`);
}

function renderDataQuality(answers) {
  const kinds = Object.keys(DATA_QUALITY_LABELS);
  const head = '<thead><tr><th scope="col">Scope</th>' +
    kinds.map((k) => `<th scope="col" class="num" title="${escapeHtml(k)}">${escapeHtml(DATA_QUALITY_LABELS[k])}</th>`).join('') +
    '<th scope="col" class="num">Follow-up complete</th></tr></thead>';
  const body = answers.map((a) => {
    const f = a.followUp;
    const followUp = f.completeness === null || f.completeness === undefined
      ? '<span class="muted">no episode due yet</span>'
      : `${percent(f.completeness)} <span class="muted">(${f.completed} of ${f.episodes})</span>`;
    const label = scopeLabel(a.scope);
    return `<tr data-scope="${escapeHtml(a.scope)}"><td>${escapeHtml(label.charAt(0).toUpperCase() + label.slice(1))}</td>` +
      kinds.map((k) => `<td class="num ${a.counts[k] ? 'some' : 'zero'}" data-kind="${k}">${a.counts[k]}</td>`).join('') +
      `<td class="num follow-up">${followUp}</td></tr>`;
  }).join('');
  setHtml($('#data-quality'), `${head}<tbody>${body}</tbody>`);
}

/** The references of an alert ("NECK_PAIN=Boyce 2020 (0.077)", one per indication) as "Boyce 2020, p0 = 0.077". */
function alertSources(x) {
  const sources = new Set((Array.isArray(x.references) ? x.references : []).map((r) => {
    const m = /^[^=]*=(.*) \(([^()]*)\)$/.exec(String(r));
    return m ? `${m[1]}, p0 = ${m[2]}` : String(r);
  }));
  return [...sources].join('; ');
}

/** What a quality team does about an alert, in a sentence it can act on. */
function advice(x) {
  const category = (CATEGORY_LABELS[x.category] || x.category).toLowerCase();
  if (x.kind === 'SENTINEL') {
    return 'Review the case now: contact the patient and the practitioner, record the outcome, and check the ' +
      'session (site, needle, technique) before that practitioner needles the same region again.';
  }
  const whose = x.clinicId ? `clinic ${x.clinicId}'s` : "the whole network's";
  const sources = alertSources(x);
  // The message already gives the 30 days' counts; this says what to look at.
  return `Review ${whose} recent sessions with ${category} against the reference rate` +
    `${sources ? ' (' + sources + ')' : ''}: who treated, which regions, needles and technique; ` +
    (x.clinicId ? 'record what you found, even if nothing.' : "then look for the clinics whose charts rose.");
}

function renderAlerts(a) {
  setHtml($('#alerts'), a.alerts.length ? a.alerts.map((x) => {
    const when = instantOf(x.raisedAt);
    const kind = x.kind === 'SENTINEL' ? 'SENTINEL' : 'SIGNAL';
    const where = x.clinicId ? 'Clinic ' + x.clinicId : scopeLabel(x.scope || 'network');
    return `<li class="${kind}" data-alert-id="${escapeHtml(x.alertId)}" data-kind="${kind}">` +
      `<div><span class="badge ${kind}">${escapeHtml(kind)}</span> <b>${escapeHtml(CATEGORY_LABELS[x.category] || x.category)}</b> · ${escapeHtml(where)}</div>` +
      `<div class="msg">${escapeHtml(x.message)}</div>` +
      `<div class="todo"><b>What to do:</b> ${escapeHtml(advice(x))}</div>` +
      `<div class="when" title="${escapeHtml(when.toISOString())}">${escapeHtml(when.toLocaleString())} · ${ago(when)}</div></li>`;
  }).join('') : '<li class="empty">No alerts.</li>');
}

// ---------------------------------------------------------------------------------------------- surveillance

const CUSUM_COLOURS = { s: '#175cd3', h: '#b42318', signal: '#b42318' };

/** The references of every clinic's path, grouped by source and p0, each with the indications it covers. */
function referenceGroups(paths) {
  const groups = new Map();
  for (const p of paths) {
    for (const r of p.references || []) {
      const key = r.source + '|' + r.p0;
      if (!groups.has(key)) groups.set(key, { source: r.source, p0: r.p0, indications: new Set() });
      groups.get(key).indications.add(r.indication);
    }
  }
  return [...groups.values()].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.p0 - b.p0));
}

function renderSurveillance(clinics, paths) {
  const first = paths[0];
  if (first) fillSurveillanceCategories(first.monitoredCategories || []);
  const category = state.surveillanceCategory;
  const label = (CATEGORY_LABELS[category] || category).toLowerCase();
  const h = first ? first.h : 6;
  const R = first ? first.R : 2;
  $('#surveillance-meaning').textContent = `A signal (red triangle) means that clinic has had more ${label} than ` +
    `its reference rate explains, about as many as ${R === 2 ? 'twice' : R + ' times'} that rate would give, which a ` +
    `clinic at the reference rate rarely reaches by chance: review its recent sessions.`;
  $('#surveillance-how').textContent = `S adds up day by day: each event of ${label} raises it, each session ` +
    `lowers it by what the reference expects; it never goes below 0. A day when S reaches h = ${h} is a signal, and S ` +
    `then starts again from 0. The last 365 days are drawn; a correction of a past day redraws the path from that day.`;

  const groups = referenceGroups(paths);
  const citation = (source) => (state.baselines.find((b) => b.source === source && b.category === category) ||
    state.baselines.find((b) => b.source === source) || {}).citation || '';
  const allIndications = INDICATIONS.length;
  setHtml($('#surveillance-references'), groups.length
    ? '<b>Reference rate (p0)</b> <span class="muted">the largest study that applies, for each indication:</span><ul>' +
      groups.map((g) => `<li class="reference" data-source="${escapeHtml(g.source)}" data-p0="${g.p0}">` +
        `<b>${escapeHtml(g.source)}</b>: p0 = ${g.p0} (${per100(g.p0)} per 100 sessions), ` +
        `${g.indications.size === allIndications ? 'every indication'
          : [...g.indications].map((i) => escapeHtml(INDICATION_LABELS[i] || i)).join(', ')}` +
        `${citation(g.source) ? ` <span class="muted">· ${escapeHtml(citation(g.source))}</span>` : ''}</li>`).join('') + '</ul>'
    : `<p class="empty">No reference rate for ${escapeHtml(label)}: it is not monitored.</p>`);

  // One box per clinic; rebuilt (and its charts made again) only when the clinics change.
  const key = clinics.join(',');
  if (state.cusumClinics !== key) {
    for (const chart of state.cusumCharts.values()) chart.destroy();
    state.cusumCharts.clear();
    state.cusumClinics = key;
    setHtml($('#cusums'), clinics.length ? clinics.map((c) =>
      `<div class="cusum" data-clinic="${escapeHtml(c)}"><h3>Clinic ${escapeHtml(c)}</h3>` +
      `<p class="cusum-summary"></p><div class="cusum-box"><canvas id="cusum-${escapeHtml(c)}" ` +
      `aria-label="CUSUM chart of clinic ${escapeHtml(c)}"></canvas></div></div>`).join('')
      : '<p class="empty">No clinics yet.</p>');
  }
  clinics.forEach((c, i) => drawCusum(c, paths[i]));
}

function drawCusum(clinic, path) {
  const box = document.querySelector(`.cusum[data-clinic="${CSS.escape(clinic)}"]`);
  if (!box) return;
  const days = path.days || [];
  const signals = days.filter((d) => d.signal);
  box.dataset.signals = signals.map((d) => d.day).join(' ');
  box.classList.toggle('signalled', signals.length > 0);
  const last = days[days.length - 1];
  const summary = !path.monitored ? 'Not monitored: no reference rate.'
    : !days.length ? 'No sessions yet.'
      : (signals.length
        ? `${signals.length === 1 ? 'Signal' : signals.length + ' signals'} on ${signals.map((d) => dayLabel(d.day)).join(', ')}. `
        : 'No signal in these days. ') +
        `S on ${dayLabel(last.day)}: ${last.s.toFixed(2)} of h = ${path.h}.`;
  setHtml(box.querySelector('.cusum-summary'), escapeHtml(summary));

  const labels = days.map((d) => d.day);
  const datasets = [
    {
      type: 'line', label: 'S (CUSUM)', cusum: 's', data: days.map((d) => d.s), borderColor: CUSUM_COLOURS.s,
      backgroundColor: CUSUM_COLOURS.s, borderWidth: 1.5, pointRadius: 0, pointStyle: 'line', tension: 0
    },
    {
      type: 'line', label: `h = ${path.h} (signal)`, cusum: 'h', data: days.map(() => path.h), borderColor: CUSUM_COLOURS.h,
      borderWidth: 1, borderDash: [6, 4], pointRadius: 0, pointStyle: 'line'
    },
    {
      type: 'scatter', label: 'Signal day', cusum: 'signals', data: signals.map((d) => ({ x: d.day, y: d.s })),
      pointStyle: 'triangle', pointRadius: 7, pointBackgroundColor: CUSUM_COLOURS.signal, borderColor: CUSUM_COLOURS.signal
    }
  ];
  const top = Math.max(path.h * 1.25, ...days.map((d) => d.s * 1.1));
  const options = {
    responsive: true, maintainAspectRatio: false, animation: false,
    scales: {
      x: { type: 'category', ticks: { maxTicksLimit: 7, autoSkip: true, maxRotation: 0, callback: (v, i) => shortDay(labels[i]) } },
      y: { min: 0, max: Math.ceil(top), title: { display: true, text: 'S' } }
    },
    plugins: {
      legend: { labels: { usePointStyle: true, boxWidth: 8 } },
      tooltip: {
        callbacks: {
          title: (items) => dayLabel(items[0].label || (items[0].raw && items[0].raw.x)),
          label: (ctx) => {
            const d = days[ctx.dataIndex];
            if (ctx.dataset.cusum === 'signals') return `Signal: S = ${ctx.parsed.y.toFixed(2)}`;
            if (ctx.dataset.cusum === 'h') return `h = ${path.h}`;
            return `S = ${d.s.toFixed(2)}: ${d.events} events in ${d.sessions} sessions, ${d.expected.toFixed(2)} expected`;
          }
        }
      }
    }
  };
  const chart = state.cusumCharts.get(clinic);
  if (chart) {
    chart.data.labels = labels;
    chart.data.datasets = datasets;
    chart.options = options;
    chart.update('none');
  } else {
    state.cusumCharts.set(clinic, new Chart(box.querySelector('canvas'), { type: 'line', data: { labels, datasets }, options }));
  }
}

function renderSources() {
  const bySource = new Map();
  for (const b of state.baselines) {
    if (!bySource.has(b.source)) bySource.set(b.source, b.citation || '');
  }
  setHtml($('#sources'), [...bySource.entries()].sort()
    .map(([source, citation]) => `<li><b>${escapeHtml(source)}</b>: ${escapeHtml(citation)}</li>`).join(''));
}

// ---------------------------------------------------------------------------------------------- start

fillIndications();
bindControls();
if (state.token) {
  connect();
}
