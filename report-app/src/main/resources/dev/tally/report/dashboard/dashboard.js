// The dashboard: sign in with a token, pick a workspace, a range and a timezone, and see the
// reports as charts and tables. All state is in this module; the API is the only source of data.

import { ApiError, call, session, withQuery } from './api.js';
import { addDecimals, formatCount, tokens } from './numbers.js';
import { clearChart, stackedChart, usageTable } from './render.js';

const $ = (id) => document.getElementById(id);
const BROWSER_TIMEZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
const SOURCE_WORDS = { browser: "this browser's timezone", stored: 'your stored timezone', other: 'chosen here' };
const MEASURES = {
  tokens: { of: tokens, unit: 'tokens', total: (rows) => `${formatCount(sum(rows, tokens))} tokens` },
  cost: {
    of: (row) => Number(row.cost_usd ?? 0),
    unit: 'USD',
    total: (rows) => `${addDecimals(rows.map((row) => row.cost_usd))} USD`,
  },
};

let profile = null;
let shown = null; // the reports on screen and the query that produced them

function sum(rows, of) {
  return rows.reduce((total, row) => total + of(row), 0);
}

function show(section) {
  $('sign-in').hidden = section !== 'sign-in';
  $('dashboard').hidden = section !== 'dashboard';
  $('sign-out').hidden = section !== 'dashboard';
}

function say(element, text, isError = false) {
  element.textContent = text;
  element.classList.toggle('error', isError);
}

function signInPage(message = '') {
  profile = null;
  shown = null;
  ['daily-chart', 'weekly-chart'].forEach((id) => clearChart($(id)));
  show('sign-in');
  say($('sign-in-message'), message, message !== '');
  $('token').focus();
}

/** 401 anywhere ends the session; other errors are said where the reports would be. */
function failed(error) {
  if (error instanceof ApiError && error.status === 401) {
    session.signOut();
    signInPage(`Signed out: the server did not accept the token (${error.message}). Paste a valid token to sign in again.`);
    return;
  }
  const words = {
    0: error.message,
    400: `The request was refused: ${error.message}`,
    404: `Not found: ${error.message}. You may not be a member of this workspace.`,
    503: 'The database does not answer right now (503). Try again in a moment.',
  }[error.status] ?? `Something went wrong on the server (${error.status ?? 'no status'}): ${error.message}`;
  say($('status'), words, true);
  $('reports').hidden = error.status !== 400;
}

async function signIn(event) {
  event.preventDefault();
  const token = $('token').value.trim();
  $('token').value = '';
  if (token === '') {
    return;
  }
  session.signIn(token);
  await start();
}

async function start() {
  try {
    profile = await call('/api/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      session.signOut();
      signInPage(`That token was not accepted: ${error.message}.`);
    } else {
      signInPage(error.message);
    }
    return;
  }
  const workspaces = $('workspace');
  workspaces.replaceChildren(...profile.workspaces.map((workspace) => {
    const option = document.createElement('option');
    option.value = workspace.id;
    option.textContent = workspace.name ?? workspace.id;
    return option;
  }));
  describeTimezoneChoices();
  show('dashboard');
  if (profile.workspaces.length === 0) {
    say($('status'), 'Your account is not a member of any workspace yet, so there is nothing to show.');
    $('reports').hidden = true;
    return;
  }
  await load();
}

function describeTimezoneChoices() {
  $('tz-browser').textContent = `This browser's (${BROWSER_TIMEZONE})`;
  const stored = profile.timezone;
  $('tz-stored').textContent = stored ? `My stored timezone (${stored})` : 'My stored timezone (none saved)';
  $('tz-stored').disabled = !stored;
  if (!stored && $('tz-choice').value === 'stored') {
    $('tz-choice').value = 'browser';
  }
}

function chosenTimezone() {
  const choice = $('tz-choice').value;
  if (choice === 'stored') {
    return profile.timezone;
  }
  return choice === 'other' ? $('tz-other').value.trim() : BROWSER_TIMEZONE;
}

function rangeParameters() {
  const range = $('range').value;
  return range === 'dates' ? { from: $('from').value, to: $('to').value } : { days: range };
}

function datesBetween(from, to) {
  const dates = [];
  for (let day = new Date(`${from}T00:00:00Z`); day <= new Date(`${to}T00:00:00Z`); day.setUTCDate(day.getUTCDate() + 1)) {
    dates.push(day.toISOString().slice(0, 10));
  }
  return dates;
}

function mondaysBetween(from, to) {
  const first = new Date(`${from}T00:00:00Z`);
  first.setUTCDate(first.getUTCDate() - ((first.getUTCDay() + 6) % 7));
  return datesBetween(first.toISOString().slice(0, 10), to).filter((_, i) => i % 7 === 0);
}

async function load() {
  const timezone = chosenTimezone();
  if (!timezone) {
    say($('status'), 'Type a timezone name such as Europe/Berlin.', true);
    $('tz-other').focus();
    return;
  }
  const workspace = `/api/workspaces/${encodeURIComponent($('workspace').value)}`;
  say($('status'), 'Loading…');
  $('reports').setAttribute('aria-busy', 'true');
  try {
    const daily = await call(withQuery(`${workspace}/usage/daily`, { tz: timezone, ...rangeParameters() }));
    // Every other report covers exactly the daily report's dates, so their totals agree.
    const span = { tz: timezone, from: daily.from, to: daily.to };
    const paths = {
      daily: `${workspace}/usage/daily`,
      weekly: `${workspace}/usage/weekly`,
      'by-agent': `${workspace}/usage/by-agent`,
      'by-project': `${workspace}/usage/by-project`,
      'by-runtime': `${workspace}/usage/by-runtime`,
    };
    const [weekly, byAgent, byProject, byRuntime] = await Promise.all(
      ['weekly', 'by-agent', 'by-project', 'by-runtime'].map((report) => call(withQuery(paths[report], span))));
    shown = { span, paths, daily, weekly, byAgent, byProject, byRuntime, source: $('tz-choice').value };
    render();
  } catch (error) {
    failed(error);
  } finally {
    $('reports').removeAttribute('aria-busy');
  }
}

function render() {
  const { daily, weekly, byAgent, byProject, byRuntime, span } = shown;
  $('reports').hidden = false;
  say($('status'), daily.rows.length === 0 ? `No usage from ${daily.from} to ${daily.to}.` : '');
  say($('tz-status'), `Days run ${daily.from} to ${daily.to} in ${daily.timezone}, ${SOURCE_WORDS[shown.source]}.`);
  say($('freshness'), `${freshness(daily)} ${dayEdges(daily)}`);
  if ($('range').value !== 'dates') {
    $('from').value = daily.from;
    $('to').value = daily.to;
  }

  const hasCost = daily.rows.some((row) => row.cost_usd !== undefined);
  $('metric-control').hidden = !hasCost;
  const measure = MEASURES[hasCost ? $('metric').value : 'tokens'];
  const mondays = mondaysBetween(span.from, span.to);
  stackedChart($('daily-chart'), daily.rows, 'date', datesBetween(span.from, span.to), measure.of, measure.unit);
  stackedChart($('weekly-chart'), weekly.rows, 'week_start', mondays, measure.of, measure.unit);
  say($('daily-total'), `${measure.total(daily.rows)} from ${daily.from} to ${daily.to}.`);
  say($('weekly-total'), `${measure.total(weekly.rows)} in the weeks from Monday ${mondays[0]} (the first and last may be partial).`);

  usageTable($('by-agent'), byAgent.rows, 'Usage per agent, provider and model');
  usageTable($('by-project'), byProject.rows, 'Usage per project, provider and model');
  usageTable($('by-runtime'), byRuntime.rows, 'Usage per runtime, provider and model');
}

/** "Rolled up through 14:35, current to 14:43", with the date when it is not the same day. */
function freshness(report) {
  const zone = report.timezone;
  const day = (instant) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, dateStyle: 'short' }).format(new Date(instant));
  const time = (instant) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeStyle: 'short' }).format(new Date(instant));
  const current = day(report.generated_at);
  const rolled = day(report.rolled_up_through) === current
    ? time(report.rolled_up_through) : `${day(report.rolled_up_through)} ${time(report.rolled_up_through)}`;
  return `Rolled up through ${rolled}, current to ${time(report.generated_at)} (${current}, ${zone}).`;
}

function dayEdges(report) {
  if (report.day_edges === 'exact') {
    return 'Day edges are exact: each day runs from local midnight to midnight.';
  }
  return '';
}

async function downloadCsv(event) {
  const report = event.target.dataset.report;
  if (!shown) {
    return;
  }
  try {
    const text = await call(withQuery(shown.paths[report], { ...shown.span, format: 'csv' }), { csv: true });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
    link.download = `tally-${report}-${shown.span.from}-${shown.span.to}.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  } catch (error) {
    failed(error);
  }
}

async function saveTimezone() {
  const timezone = chosenTimezone();
  try {
    profile = await call('/api/me', { method: 'PATCH', body: { timezone } });
    describeTimezoneChoices();
    say($('status'), `Saved ${profile.timezone} as your timezone: reports use it when a request names none.`);
  } catch (error) {
    failed(error);
  }
}

function fillTimezoneNames() {
  const names = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  $('tz-names').replaceChildren(...names.map((name) => {
    const option = document.createElement('option');
    option.value = name;
    return option;
  }));
}

function wire() {
  $('sign-in-form').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', () => {
    session.signOut();
    signInPage('Signed out.');
  });
  $('controls').addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  $('range').addEventListener('change', () => {
    $('dates').hidden = $('range').value !== 'dates';
    if ($('range').value !== 'dates') {
      load();
    }
  });
  $('tz-choice').addEventListener('change', () => {
    const other = $('tz-choice').value === 'other';
    $('tz-other').hidden = !other;
    $('tz-other-label').hidden = !other;
    if (other) {
      $('tz-other').focus();
    } else {
      load();
    }
  });
  $('workspace').addEventListener('change', load);
  $('metric').addEventListener('change', () => shown && render());
  $('save-tz').addEventListener('click', saveTimezone);
  document.querySelectorAll('button.csv').forEach((button) => button.addEventListener('click', downloadCsv));
  window.addEventListener('resize', () => ['daily-chart', 'weekly-chart']
    .forEach((id) => echarts.getInstanceByDom($(id))?.resize()));
}

fillTimezoneNames();
wire();
if (session.token()) {
  start();
} else {
  signInPage();
}
