/**
 * Issue 8's flood test, mirrored request for request by LoginFloodRun in the Gatling twin. Three
 * populations run at once (perf/scenarios.json, login-flood scenarios; loginFlood holds the rest):
 *
 *   flooders   floodLogin(): log in back to back, no think time, Retry-After ignored, as an attacker
 *   sessions   refreshMe():  sign in before the flood, wait for it, then refresh → me → think
 *   readiness  readyProbe(): GET /health/ready at the population's arrival rate
 *
 * A VU's state (a flooder's kind, a session's tokens) is kept by scenario and VU id, as a Gatling
 * user keeps it in its session. Under k6 each VU has a JS runtime of its own and so holds one entry;
 * the Node shim (test/run-shim.mjs) runs several VUs through one copy of this module.
 */
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import type { RefinedParams, RefinedResponse, ResponseType } from 'k6/http';
import {
  catalog,
  loginFlood,
  parseDuration,
  populationsOf,
  scaledStartMs,
  selectedScenario,
  timeScale,
  type FloodKind,
  type LoginFloodSpec,
} from './config.ts';
import { API, BASE_URL, emailFor, tokensOf, type SetupData, type Tokens } from './flow.ts';
import {
  floodLoginDuration,
  floodLoginRejectedDuration,
  floodLoginRejections,
  meDuration,
  readyDuration,
  refreshDuration,
  sessionLoginDuration,
  unexpectedAnswers,
} from './metrics.ts';

type FloodRequest = 'flood-login' | 'session-login' | 'refresh' | 'me' | 'ready';

/** k6 has console.log; @types/k6 with lib es2022 and no DOM does not declare it. */
declare const console: { log(message: string): void };

interface Plan {
  flood: LoginFloodSpec;
  /** Accounts 0 … sessionAccounts-1 are the sessions'; the flooders take the rest, round robin. */
  sessionAccounts: number;
  /** When the flood begins, from the sessions' own start. */
  floodStartsAfterMs: number;
}

interface VuState {
  kind?: FloodKind;
  signedIn?: Tokens & { email: string };
  stopped: boolean;
}

const plans = new Map<string, Plan>();
const vus = new Map<string, VuState>();

function vu(): VuState {
  const key = `${selectedScenario()}/${exec.vu.idInTest}`;
  let state = vus.get(key);
  if (state === undefined) {
    state = { stopped: false };
    vus.set(key, state);
  }
  return state;
}

function plan(): Plan {
  const scenario = selectedScenario();
  let planned = plans.get(scenario);
  if (planned === undefined) {
    const populations = populationsOf(scenario);
    const sessions = populations.find((p) => p.flow === 'refresh-me');
    const flooders = populations.find((p) => p.flow === 'flood-login');
    if (sessions === undefined || flooders === undefined) {
      throw new Error(`scenario ${scenario} is not a login flood: it needs refresh-me and flood-login populations`);
    }
    const scale = timeScale();
    planned = {
      flood: loginFlood(),
      sessionAccounts: sessions.load.vus ?? 0,
      floodStartsAfterMs: scaledStartMs(flooders.load.startTime, scale) - scaledStartMs(sessions.load.startTime, scale),
    };
    plans.set(scenario, planned);
  }
  return planned;
}

function params(name: FloodRequest, flood: LoginFloodSpec, expected: number[], extraHeaders: Record<string, string> = {}): RefinedParams<'text'> {
  return {
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...extraHeaders },
    tags: { name },
    // a kubelet gives up on a probe after its timeoutSeconds (1 by default); the others get requestTimeout
    timeout: name === 'ready' ? flood.readinessTimeout : flood.requestTimeout,
    responseCallback: http.expectedStatuses(...expected),
  };
}

function isRejection(status: number): boolean {
  return status === 429 || status === 503;
}

function hasRetryAfter(res: RefinedResponse<ResponseType | undefined>): boolean {
  return res.headers['Retry-After'] !== undefined;
}

/** A request answered otherwise than expected, or not at all (status 0: a timeout), counts 1, any other 0. */
function tally(name: FloodRequest, ok: boolean): void {
  unexpectedAnswers.add(ok ? 0 : 1, { name });
}

/** One login of a flooder: the next flood account, with the password its kind sends. */
export function floodLogin(data: SetupData): void {
  const { flood, sessionAccounts } = plan();
  if (data.users <= sessionAccounts) {
    exec.test.abort(`${data.users} accounts leave none to the flooders after ${sessionAccounts} sessions; raise USERS`);
    return;
  }
  const state = vu();
  // flooder n is of kind flooderMix[n % length]; k6 numbers VUs across all populations
  const kind = (state.kind ??= flood.flooderMix[(exec.vu.idInTest - 1) % flood.flooderMix.length] ?? 'right');
  const n = exec.scenario.iterationInTest;
  const email =
    kind === 'unknown-account'
      ? flood.unknownEmailPattern.replace('%d', String(n))
      : emailFor(sessionAccounts + (n % (data.users - sessionAccounts)));
  const password = kind === 'wrong-password' ? flood.wrongPassword : catalog.flow.userPassword;
  const expected = flood.expectedLoginStatuses[kind];
  const res = http.post(`${API}/login`, JSON.stringify({ email, password }), params('flood-login', flood, expected));
  const rejected = isRejection(res.status);
  const ok = check(res, {
    'flood-login: an expected status for its kind': (r) => expected.includes(r.status),
    'flood-login: Retry-After on a 429 or 503': (r) => !rejected || hasRetryAfter(r),
  });
  floodLoginDuration.add(res.timings.duration);
  floodLoginRejections.add(rejected ? 1 : 0);
  if (rejected) {
    floodLoginRejectedDuration.add(res.timings.duration);
  }
  tally('flood-login', ok);
}

/**
 * A signed-in user: on its first iteration it signs in and waits for the flood; then each iteration
 * is refresh → me → think. One that could not sign in, or whose refresh failed, has no token to go
 * on with and stops, as the Gatling user exits.
 */
export function refreshMe(): void {
  const { flood, sessionAccounts, floodStartsAfterMs } = plan();
  const state = vu();
  if (state.stopped) {
    sleep(1);
    return;
  }
  if (state.signedIn === undefined) {
    const email = emailFor((exec.vu.idInTest - 1) % sessionAccounts);
    const tokens = signIn(email, flood);
    if (tokens === null) {
      state.stopped = true;
      return;
    }
    state.signedIn = { ...tokens, email };
    sleep(Math.max(0, exec.scenario.startTime + floodStartsAfterMs - Date.now()) / 1000);
  }
  const current = state.signedIn;
  const res = http.post(`${API}/refresh`, JSON.stringify({ refresh_token: current.refresh }), params('refresh', flood, [200]));
  const next = tokensOf(res);
  const refreshed = check(res, {
    'refresh: 200': (r) => r.status === 200,
    'refresh: new token pair': () => next !== null && next.refresh !== current.refresh,
  });
  refreshDuration.add(res.timings.duration);
  tally('refresh', refreshed);
  if (next === null) {
    state.stopped = true;
    return;
  }
  state.signedIn = { ...next, email: current.email };

  const me = http.get(`${API}/me`, params('me', flood, [200], { Authorization: `Bearer ${next.access}` }));
  const ok = check(me, {
    'me: 200': (r) => r.status === 200,
    'me: own account': (r) => {
      try {
        return (r.json() as Record<string, unknown> | null)?.['email'] === current.email;
      } catch {
        return false;
      }
    },
  });
  meDuration.add(me.timings.duration);
  tally('me', ok);

  const { minSeconds, maxSeconds } = flood.sessionThinkTime;
  sleep(minSeconds + Math.random() * (maxSeconds - minSeconds));
}

/** Log in before the flood; a 429 or 503 is waited out as its Retry-After says, but the last attempt must succeed. */
function signIn(email: string, flood: LoginFloodSpec): Tokens | null {
  for (let attempt = 0; attempt < flood.sessionLoginAttempts; attempt++) {
    const last = attempt === flood.sessionLoginAttempts - 1;
    const res = http.post(
      `${API}/login`,
      JSON.stringify({ email, password: catalog.flow.userPassword }),
      params('session-login', flood, last ? [200] : [200, 429, 503]),
    );
    const tokens = tokensOf(res);
    const ok = check(res, {
      'session-login: a token pair, or 429/503 with Retry-After': (r) =>
        r.status === 200 ? tokens !== null : !last && isRejection(r.status) && hasRetryAfter(r),
    });
    sessionLoginDuration.add(res.timings.duration);
    tally('session-login', ok);
    if (tokens !== null) {
      return tokens;
    }
    const retryAfter = Number(res.headers['Retry-After']);
    sleep(Number.isFinite(retryAfter) && retryAfter >= 1 ? retryAfter : 1);
  }
  return null;
}

/**
 * Before the scenario, outside every threshold (tagged name:warmup), as the session warm-up of
 * flow.ts: warmupClients logins at once, again and again for warmupDuration, right passwords of the
 * flood accounts, so that the lane turning logins away under concurrency runs compiled code when the
 * flood is measured. The Gatling twin's Warmup.flood() does the same with as many threads.
 */
export function floodWarmUp(data: SetupData): void {
  const { flood, sessionAccounts } = plan();
  const deadline = Date.now() + parseDuration(flood.warmupDuration);
  const answers: Record<string, number> = {};
  let n = 0;
  while (Date.now() < deadline) {
    const batch = [];
    for (let c = 0; c < flood.warmupClients; c++) {
      const email = emailFor(sessionAccounts + (n++ % (data.users - sessionAccounts)));
      batch.push({
        method: 'POST',
        url: `${API}/login`,
        body: JSON.stringify({ email, password: catalog.flow.userPassword }),
        params: {
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          tags: { name: 'warmup' },
          timeout: flood.requestTimeout,
          responseCallback: http.expectedStatuses(200, 429, 503),
        },
      });
    }
    for (const res of http.batch(batch)) {
      answers[String(res.status)] = (answers[String(res.status)] ?? 0) + 1;
    }
  }
  console.log(`flood warm-up: ${flood.warmupClients} clients for ${flood.warmupDuration}, logins answered by status ${JSON.stringify(answers)}`);
}

/** One probe per arrival, as a kubelet probes: /health/ready must answer 200 every time, within its timeout. */
export function readyProbe(): void {
  const { flood } = plan();
  const res = http.get(`${BASE_URL}/health/ready`, params('ready', flood, [200]));
  const ok = check(res, { 'ready: 200': (r) => r.status === 200 });
  readyDuration.add(res.timings.duration);
  tally('ready', ok);
}
