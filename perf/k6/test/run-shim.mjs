#!/usr/bin/env node
/**
 * Runs the k6 suites' own code under Node, for machines where k6 cannot be installed: compiles
 * perf/k6 with tsc, swaps the k6 modules for the small stand-ins in ./shim (curl for HTTP), then per
 * scenario loads the entry, perf/k6/main.ts, with SCENARIO set as `k6 run -e SCENARIO=<name>` would,
 * runs setup(), a few iterations of the default function and handleSummary(), and evaluates the
 * thresholds k6 would. It also checks that the entry refuses a missing or unknown SCENARIO at init,
 * naming the known ones. Proves that the flow, the checks, the scenarios.json wiring and the summary
 * work end to end against a real server; it is not a load generator (one VU at a time, think time
 * shortened by SHIM_SLEEP_SCALE). A login-flood scenario runs each of its populations' functions in
 * turn (the sessions first, so that they sign in), flooders of every kind of loginFlood.flooderMix.
 *
 *   BASE_URL=http://127.0.0.1:8080 node test/run-shim.mjs [scenario ...]   (default: every scenario)
 * Env: USERS (accounts to seed, default 2; a login flood seeds its own count), ITERATIONS (per
 * scenario or population, default 2).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const k6Dir = resolve(here, '..');
const perfDir = resolve(k6Dir, '..');
const work = mkdtempSync(join(tmpdir(), 'gaara-k6-shim-'));
const outK6 = join(work, 'perf', 'k6');

const tsc = spawnSync('npx', ['tsc', '-p', k6Dir, '--noEmit', 'false', '--allowImportingTsExtensions', 'false',
  '--rewriteRelativeImportExtensions', '--outDir', outK6], { cwd: k6Dir, encoding: 'utf8' });
if (tsc.status !== 0) {
  console.error(tsc.stdout, tsc.stderr);
  process.exit(1);
}
copyFileSync(join(perfDir, 'scenarios.json'), join(work, 'perf', 'scenarios.json'));
const shim = (m) => pathToFileURL(join(here, 'shim', `${m}.mjs`)).href;
for (const file of readdirSync(outK6, { recursive: true })) {
  if (!String(file).endsWith('.js')) continue;
  const path = join(outK6, String(file));
  writeFileSync(path, readFileSync(path, 'utf8')
    .replaceAll(/from ['"]k6\/http['"]/g, `from '${shim('http')}'`)
    .replaceAll(/from ['"]k6\/metrics['"]/g, `from '${shim('metrics')}'`)
    .replaceAll(/from ['"]k6\/execution['"]/g, `from '${shim('execution')}'`)
    .replaceAll(/from ['"]k6['"]/g, `from '${shim('k6')}'`));
}
const entryUrl = pathToFileURL(join(outK6, 'main.js')).href;

const resultsDir = join(work, 'results');
mkdirSync(resultsDir);
globalThis.__ENV = { BASE_URL: process.env.BASE_URL ?? 'http://127.0.0.1:8080', USERS: process.env.USERS ?? '2', RESULTS_DIR: resultsDir };
globalThis.__VU = 0;
// as k6's open(): a file: URL (from import.meta.resolve) as it is, a relative path against the entry's folder
globalThis.open = (path) => readFileSync(path.startsWith('file:') ? fileURLToPath(path) : resolve(outK6, path), 'utf8');

const { state } = await import(shim('k6'));
const { registry } = await import(shim('metrics'));
const { requests } = await import(shim('http'));
const { state: execState } = await import(shim('execution'));
const EXEC = { session: 'default', 'flood-login': 'floodLogin', 'refresh-me': 'refreshMe', 'ready-probe': 'readyProbe' };

function pct(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
function trendValues(values) {
  const s = [...values].sort((a, b) => a - b);
  const avg = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return { avg, min: s[0] ?? 0, med: pct(s, 50), max: s.at(-1) ?? 0, 'p(90)': pct(s, 90), 'p(95)': pct(s, 95), 'p(99)': pct(s, 99), count: s.length };
}
function counterValues(values, seconds) {
  const count = values.reduce((a, b) => a + b, 0);
  return { count, rate: count / (seconds || 1) };
}
function evaluate(rule, values) {
  const m = /^(p\((\d+(?:\.\d+)?)\)|rate|count|avg|max|med)\s*(<=|<|>=|>|==)\s*([\d.]+)$/.exec(rule);
  if (!m) throw new Error(`threshold the shim cannot read: ${rule}`);
  const stat = m[2] ? pct([...values.samples].sort((a, b) => a - b), Number(m[2])) : values[m[1]];
  const limit = Number(m[4]);
  return { '<': stat < limit, '<=': stat <= limit, '>': stat > limit, '>=': stat >= limit, '==': stat === limit }[m[3]];
}

const catalog = JSON.parse(readFileSync(join(perfDir, 'scenarios.json'), 'utf8'));
const known = Object.keys(catalog.scenarios);
const names = process.argv.length > 2 ? process.argv.slice(2) : known;
const iterations = Number(process.env.ITERATIONS ?? '2');
let failures = 0;
let loads = 0;

/** The entry's init code with SCENARIO set (undefined: unset); a fresh instance of main.js each time (lib/ holds nothing per scenario). */
async function loadEntry(scenario) {
  if (scenario === undefined) delete globalThis.__ENV.SCENARIO;
  else globalThis.__ENV.SCENARIO = scenario;
  return import(`${entryUrl}?load=${++loads}`);
}

// init must refuse a missing or unknown name, and say which names exist
const refusals = [undefined, 'no-such-scenario', 'constructor'];
for (const bad of refusals) {
  const label = bad === undefined ? 'SCENARIO unset' : `SCENARIO=${bad}`;
  try {
    await loadEntry(bad);
    failures++;
    console.error(`FAIL ${label}: the entry loaded; init should have refused it`);
  } catch (e) {
    const missing = known.filter((n) => !String(e.message).includes(n));
    if (missing.length) {
      failures++;
      console.error(`FAIL ${label}: refused, but the message does not list ${missing.join(', ')}: ${e.message}`);
    } else {
      console.log(`ok ${label}: refused at init: ${e.message}`);
    }
  }
}

for (const name of names) {
  for (const metric of registry.values()) {
    metric.values.length = 0;
    metric.tags.length = 0;
  }
  const spec = catalog.scenarios[name];
  const populations = spec?.populations ? Object.entries(spec.populations) : null;
  globalThis.__ENV.USERS = populations ? String(spec.users) : (process.env.USERS ?? '2');
  requests.length = 0;
  state.checks.passes = state.checks.fails = 0;
  const started = Date.now();
  let entry;
  try {
    entry = await loadEntry(name);
  } catch (e) {
    failures++;
    console.error(`FAIL ${name}: init failed: ${e.message}`);
    continue;
  }
  const problems = [];
  if (populations) {
    for (const [pop, p] of populations) {
      const k6Scenario = entry.options.scenarios?.[pop];
      if (!k6Scenario || k6Scenario.executor !== p.executor || k6Scenario.exec !== EXEC[p.flow]) {
        problems.push(`options.scenarios does not carry population ${pop}`);
      } else if (typeof entry[k6Scenario.exec] !== 'function') {
        problems.push(`main.ts exports no ${k6Scenario.exec} for population ${pop}`);
      }
    }
  } else {
    const k6Scenario = entry.options.scenarios?.[name];
    if (!k6Scenario || k6Scenario.executor !== spec.executor) problems.push('options.scenarios does not carry the scenario');
  }

  globalThis.__VU = 0;
  const data = entry.setup();
  const measuredFrom = requests.length; // setup's requests are not the flow's
  if (populations) {
    // VU ids unique across populations, as k6 numbers them; the sessions first, so that they sign in
    const order = ['refresh-me', 'flood-login', 'ready-probe'];
    let nextVu = 1;
    for (const flow of order) {
      for (const [pop, p] of populations.filter(([, q]) => q.flow === flow)) {
        const mix = catalog.loginFlood.flooderMix.length;
        const runs = flow === 'flood-login' ? Math.max(iterations, mix) : iterations; // every kind of flooder
        const vusOf = flow === 'flood-login' ? mix : Math.min(iterations, 2);
        const firstVu = nextVu;
        nextVu += vusOf;
        Object.assign(execState, { scenario: pop, scenarioStart: Date.now() });
        for (let i = 0; i < runs; i++) {
          Object.assign(execState, { vuId: firstVu + (i % vusOf), iterationInTest: i, iterationInScenario: Math.floor(i / vusOf) });
          try {
            entry[EXEC[p.flow]](data);
          } catch (e) {
            problems.push(`${pop}: ${e.message}`);
            break;
          }
        }
      }
    }
  } else {
    for (let i = 0; i < iterations; i++) {
      globalThis.__VU = (i % 2) + 1;
      entry.default(data);
    }
  }
  const flow = requests.slice(measuredFrom);
  const seconds = (Date.now() - started) / 1000;

  const metrics = {};
  for (const metric of registry.values()) {
    if (metric.type === 'trend') metrics[metric.name] = { type: 'trend', contains: 'time', values: trendValues(metric.values), samples: metric.values };
    if (metric.type === 'counter') metrics[metric.name] = { type: 'counter', contains: 'default', values: counterValues(metric.values, seconds) };
    if (metric.type === 'rate') {
      const passes = metric.values.filter((v) => v !== 0).length;
      metrics[metric.name] = { type: 'rate', contains: 'default', values: { rate: passes / (metric.values.length || 1), passes, fails: metric.values.length - passes } };
    }
  }
  const failed = requests.filter((r) => !r.ok).length;
  metrics.http_reqs = { type: 'counter', contains: 'default', values: { count: requests.length, rate: requests.length / seconds } };
  metrics.http_req_failed = { type: 'rate', contains: 'default', values: { rate: failed / (requests.length || 1), passes: failed, fails: requests.length - failed } };
  metrics.checks = { type: 'rate', contains: 'default', values: { rate: state.checks.passes / ((state.checks.passes + state.checks.fails) || 1) } };
  metrics.iterations = { type: 'counter', contains: 'default', values: { count: iterations, rate: iterations / seconds } };
  metrics.dropped_iterations = { type: 'counter', contains: 'default', values: { count: 0, rate: 0 } };

  for (const [key, rules] of Object.entries(entry.options.thresholds ?? {})) {
    const tagged = /^([a-z_]+)\{name:([a-z-]+)\}$/.exec(key);
    let target;
    if (tagged && tagged[1] === 'http_req_duration') {
      const durations = flow.filter((r) => r.name === tagged[2]).map((r) => r.duration);
      target = metrics[key] = { type: 'trend', contains: 'time', values: trendValues(durations), samples: durations };
      if (durations.length === 0) problems.push(`threshold ${key}: no request was tagged name:${tagged[2]}`);
    } else if (tagged) {
      // a custom metric's sub-metric: its samples added with that name tag
      const metric = registry.get(tagged[1]);
      const samples = metric ? metric.values.filter((_, i) => metric.tags[i]?.name === tagged[2]) : [];
      if (!metric) {
        problems.push(`threshold on a metric that does not exist: ${key}`);
        continue;
      }
      if (samples.length === 0) problems.push(`threshold ${key}: no sample was tagged name:${tagged[2]}`);
      const values = metric.type === 'counter' ? counterValues(samples, seconds) : trendValues(samples);
      target = metrics[key] = { type: metric.type, contains: 'default', values, samples };
    } else {
      target = metrics[key];
      if (!target) {
        problems.push(`threshold on a metric that does not exist: ${key}`);
        continue;
      }
    }
    target.thresholds = {};
    for (const rule of rules) {
      target.thresholds[rule] = { ok: evaluate(rule, { ...target.values, samples: target.samples ?? [] }) };
    }
  }
  for (const metric of Object.values(metrics)) delete metric.samples;

  const outputs = entry.handleSummary({ metrics, state: { testRunDurationMs: seconds * 1000, isStdOutTTY: false } });
  for (const [target, content] of Object.entries(outputs)) {
    if (target === 'stdout') console.log(content);
    else writeFileSync(target, content);
  }
  if (!outputs[`${resultsDir}/summary.json`] || !outputs[`${resultsDir}/summary.txt`]) problems.push('handleSummary wrote no summary.json/summary.txt under RESULTS_DIR');
  if (state.checks.fails > 0) problems.push(`${state.checks.fails} checks failed`);
  if (flow.length === 0) problems.push('the flow sent no request');
  const expectedNames = populations ? ['flood-login', 'session-login', 'refresh', 'me', 'ready'] : ['login', 'refresh', 'me', 'logout'];
  for (const name2 of expectedNames) {
    if (!flow.some((r) => r.name === name2)) problems.push(`no ${name2} request in the flow`);
  }
  if (problems.length) {
    failures++;
    console.error(`FAIL ${name}: ${problems.join('; ')}`);
  } else {
    console.log(`ok ${name}: ${flow.length} flow requests, ${state.checks.passes} checks passed, ${Object.keys(entry.options.thresholds).length} thresholds evaluated`);
  }
}
console.log(`${refusals.length + names.length - failures} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
