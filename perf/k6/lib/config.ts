/**
 * perf/scenarios.json turned into k6 options. The file is the one declaration of every scenario's
 * shape and of the thresholds; the Gatling twin (perf/src/test/java/io/gaara/perf) reads the same
 * file, so the two cannot drift.
 */
import type { Options, Scenario, Stage, Threshold } from 'k6/options';

export type Executor = 'constant-vus' | 'ramping-vus' | 'constant-arrival-rate' | 'ramping-arrival-rate';

export interface FlowSpec {
  refreshesPerLogin: number;
  thinkTime: { minSeconds: number; maxSeconds: number };
  userEmailPattern: string;
  userPassword: string;
  warmupSessions: number;
}

export interface EndpointLimit {
  p95: number;
  p99: number;
}

export const ENDPOINTS = ['login', 'refresh', 'me', 'logout'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

/** How one group of VUs is started: a k6 executor and its fields, as in k6's own scenarios. */
export interface LoadSpec {
  executor: Executor;
  vus?: number;
  duration?: string;
  startVUs?: number;
  stages?: Stage[];
  rate?: number;
  startRate?: number;
  timeUnit?: string;
  preAllocatedVUs?: number;
  maxVUs?: number;
  startTime?: string;
}

/** session: the flow of lib/flow.ts; the others are issue 8's flood test (lib/flood.ts). */
export type FlowName = 'session' | 'flood-login' | 'refresh-me' | 'ready-probe';

export interface PopulationSpec extends LoadSpec {
  flow: FlowName;
}

/** A scenario is one population running the session flow (its executor on the scenario itself), or several. */
export interface ScenarioSpec extends Partial<LoadSpec> {
  description: string;
  users: number;
  populations?: Record<string, PopulationSpec>;
}

export interface Population {
  name: string;
  flow: FlowName;
  load: LoadSpec;
}

export type FloodKind = 'right' | 'wrong-password' | 'unknown-account';

/** perf/scenarios.json's loginFlood: issue 8's flood test, shared by the login-flood scenarios. */
export interface LoginFloodSpec {
  flooderMix: FloodKind[];
  expectedLoginStatuses: Record<FloodKind, number[]>;
  unknownEmailPattern: string;
  wrongPassword: string;
  sessionThinkTime: { minSeconds: number; maxSeconds: number };
  sessionLoginAttempts: number;
  requestTimeout: string;
  readinessTimeout: string;
  warmupClients: number;
  warmupDuration: string;
  thresholds: { endpoints: Endpoint[]; rejectedLoginP99: number; failedRequests: number };
}

export interface Catalog {
  flow: FlowSpec;
  thresholds: {
    endpoints: Record<Endpoint, EndpointLimit>;
    errorRate: number;
    droppedIterations: number;
  };
  loginFlood?: LoginFloodSpec;
  scenarios: Record<string, ScenarioSpec>;
}

/**
 * open() must run in the init context. k6 resolves a relative open() path against the entry
 * script's folder (and warns that it will resolve it against the calling module some day), so the
 * path is made absolute from this module's own location: the same file whatever the entry, the
 * k6 version or the working directory.
 */
export const catalog: Catalog = JSON.parse(open(import.meta.resolve('../../scenarios.json'))) as Catalog;

/** The options k6 accepts and this suite sets; Options itself has an index signature that would let a misspelling through. */
export type SuiteOptions = Pick<
  Options,
  'scenarios' | 'thresholds' | 'summaryTrendStats' | 'setupTimeout' | 'userAgent' | 'tags' | 'batch' | 'batchPerHost'
>;

/** The function of main.ts each flow runs; k6 calls it once per iteration of a VU of that population. */
export const EXEC: Record<FlowName, string> = {
  session: 'default',
  'flood-login': 'floodLogin',
  'refresh-me': 'refreshMe',
  'ready-probe': 'readyProbe',
};

export function scenarioNames(): string[] {
  return Object.keys(catalog.scenarios);
}

export function scenarioSpec(name: string): ScenarioSpec {
  // own keys only: 'constructor' or 'toString' must not pass for a scenario
  const spec = Object.prototype.hasOwnProperty.call(catalog.scenarios, name) ? catalog.scenarios[name] : undefined;
  if (spec === undefined) {
    throw new Error(`no scenario '${name}' in perf/scenarios.json; known: ${scenarioNames().join(', ')}`);
  }
  return spec;
}

/** The scenario named by SCENARIO (k6 run -e SCENARIO=smoke main.ts); throws at init, listing the known ones, when it names none. */
export function selectedScenario(): string {
  const name = __ENV['SCENARIO'] ?? '';
  if (name === '') {
    throw new Error(`SCENARIO is not set: k6 run -e SCENARIO=<name> perf/k6/main.ts, with one of: ${scenarioNames().join(', ')}`);
  }
  scenarioSpec(name);
  return name;
}

/** TIME_SCALE=0.1 runs every stage in a tenth of its time (the soak in 6 minutes); think time stays real. */
export function timeScale(): number {
  const raw = __ENV['TIME_SCALE'];
  const value = raw === undefined || raw === '' ? 1 : Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`TIME_SCALE must be a positive number, got '${raw ?? ''}'`);
  }
  return value;
}

/** Milliseconds in a k6 duration such as 500ms, 30s, 1m30s, 1h. */
export function parseDuration(text: string): number {
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(text)) {
    throw new Error(`not a k6 duration: '${text}'`);
  }
  const unit: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(m[1]) * (unit[m[2] ?? ''] ?? Number.NaN);
  }
  return total;
}

/** At least one second, as the Gatling twin does. */
function scaled(duration: string, scale: number): string {
  return `${scaledMs(duration, scale)}ms`;
}

function scaledMs(duration: string, scale: number): number {
  return Math.max(1_000, Math.round(parseDuration(duration) * scale));
}

/** A start time scales as the stages do, so populations that end together still do; none stays none. */
export function scaledStartMs(startTime: string | undefined, scale: number): number {
  return startTime === undefined || parseDuration(startTime) === 0 ? 0 : scaledMs(startTime, scale);
}

/** The scenario's populations; a one-population scenario is its own, running the session flow. */
export function populationsOf(name: string): Population[] {
  const spec = scenarioSpec(name);
  if (spec.populations !== undefined) {
    return Object.entries(spec.populations).map(([pop, p]) => ({ name: pop, flow: p.flow, load: p }));
  }
  return [{ name, flow: 'session', load: { ...spec, executor: need(spec.executor, name, 'executor') } }];
}

export function isLoginFlood(name: string): boolean {
  return populationsOf(name).some((p) => p.flow === 'flood-login');
}

export function loginFlood(): LoginFloodSpec {
  if (catalog.loginFlood === undefined) {
    throw new Error("perf/scenarios.json: 'loginFlood' is missing");
  }
  return catalog.loginFlood;
}

function need<T>(value: T | undefined, scenario: string, field: string): T {
  if (value === undefined) {
    throw new Error(`scenario ${scenario}: '${field}' is missing in perf/scenarios.json`);
  }
  return value;
}

export function k6Scenario(name: string, spec: LoadSpec, scale: number): Scenario {
  const stages = (): Stage[] =>
    need(spec.stages, name, 'stages').map((s) => ({ duration: scaled(s.duration, scale), target: s.target }));
  switch (spec.executor) {
    case 'constant-vus':
      return { executor: 'constant-vus', vus: need(spec.vus, name, 'vus'), duration: scaled(need(spec.duration, name, 'duration'), scale) };
    case 'ramping-vus':
      return { executor: 'ramping-vus', startVUs: spec.startVUs ?? 0, stages: stages() };
    case 'constant-arrival-rate':
      return {
        executor: 'constant-arrival-rate',
        rate: need(spec.rate, name, 'rate'),
        timeUnit: spec.timeUnit ?? '1s',
        duration: scaled(need(spec.duration, name, 'duration'), scale),
        preAllocatedVUs: need(spec.preAllocatedVUs, name, 'preAllocatedVUs'),
        maxVUs: need(spec.maxVUs, name, 'maxVUs'),
      };
    case 'ramping-arrival-rate':
      return {
        executor: 'ramping-arrival-rate',
        startRate: spec.startRate ?? 0,
        timeUnit: spec.timeUnit ?? '1s',
        stages: stages(),
        preAllocatedVUs: need(spec.preAllocatedVUs, name, 'preAllocatedVUs'),
        maxVUs: need(spec.maxVUs, name, 'maxVUs'),
      };
  }
}

export function thresholds(openModel: boolean): Record<string, Threshold[]> {
  const t = catalog.thresholds;
  const result: Record<string, Threshold[]> = {};
  for (const endpoint of ENDPOINTS) {
    const limit = t.endpoints[endpoint];
    const rules = [`p(95)<${limit.p95}`, `p(99)<${limit.p99}`];
    // the tagged built-in metric is what k6 users know; the custom Trend is what the summary prints
    result[`http_req_duration{name:${endpoint}}`] = rules;
    result[`${endpoint}_duration`] = rules;
  }
  result['http_req_failed'] = [`rate<${t.errorRate}`];
  result['auth_errors'] = [`rate<${t.errorRate}`];
  if (openModel) {
    // an arrival-rate executor that runs out of VUs skips iterations instead of slowing down
    result['dropped_iterations'] = [`count<=${t.droppedIterations}`];
  }
  return result;
}

/**
 * The verdicts of loginFlood.thresholds, one for one with LoginFloodRun.assertions() in the Gatling twin: the published
 * p95/p99 of the named endpoints during the flood; the logins turned away (429/503) answered within the limit at the
 * 99th percentile, and at least one of them (Gatling cannot find the group of a flood that was never turned away; nor
 * should this: a run the lane never had to refuse was no flood); and no request answered otherwise than expected, or
 * not at all, on the readiness probe, on the flood logins and on all requests.
 */
export function floodThresholds(): Record<string, Threshold[]> {
  const flood = loginFlood().thresholds;
  const result: Record<string, Threshold[]> = {};
  for (const endpoint of flood.endpoints) {
    const limit = catalog.thresholds.endpoints[endpoint];
    const rules = [`p(95)<${limit.p95}`, `p(99)<${limit.p99}`];
    result[`http_req_duration{name:${endpoint}}`] = rules;
    result[`${endpoint}_duration`] = rules;
  }
  result['flood_login_rejected_duration'] = [`p(99)<${flood.rejectedLoginP99}`];
  result['flood_login_rejections'] = ['count>0'];
  result['unexpected_answers{name:ready}'] = [`count<=${flood.failedRequests}`];
  result['unexpected_answers{name:flood-login}'] = [`count<=${flood.failedRequests}`];
  result['unexpected_answers'] = [`count<=${flood.failedRequests}`];
  return result;
}

export function optionsFor(name: string): SuiteOptions {
  const scale = timeScale();
  const populations = populationsOf(name);
  const scenarios: Record<string, Scenario> = {};
  if (populations.length === 1 && populations[0]?.flow === 'session') {
    scenarios[name] = k6Scenario(name, populations[0].load, scale);
  } else {
    // one k6 scenario per population, each running its flow's function of main.ts from its own start time
    for (const p of populations) {
      const startMs = scaledStartMs(p.load.startTime, scale);
      const k6 = { ...k6Scenario(`${name}.${p.name}`, p.load, scale), exec: EXEC[p.flow] };
      scenarios[p.name] = startMs === 0 ? k6 : { ...k6, startTime: `${startMs}ms` };
    }
  }
  const flood = isLoginFlood(name);
  const options: SuiteOptions = {
    scenarios,
    thresholds: flood ? floodThresholds() : thresholds(populations.some((p) => p.load.executor.endsWith('arrival-rate'))),
    summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'],
    // 200 accounts at ~90 argon2id hashes/s take a few seconds; leave room for a slower machine
    setupTimeout: '180s',
    userAgent: 'gaara-perf-k6',
    tags: { suite: 'gaara', scenario: name },
  };
  // the flood warm-up sends warmupClients logins at once with http.batch (k6 caps a batch at 6 per host by default)
  return flood ? { ...options, batch: loginFlood().warmupClients, batchPerHost: loginFlood().warmupClients } : options;
}
