/**
 * The auth flow every scenario runs, mirrored request for request by GaaraSimulation.flow() in the
 * Gatling twin. One iteration is one user session:
 *
 *   login → me → refreshesPerLogin × (think → refresh → me) → think → logout → think
 *
 * Think time stands for a person between pages. It is what keeps argon2id logins (~21 ms of a core
 * each) at a rate a small server can hash: with 1–3 s pauses a virtual user logs in about once
 * every 10 s.
 */
import { check, fail, sleep } from 'k6';
import http from 'k6/http';
import type { RefinedParams, RefinedResponse, ResponseType } from 'k6/http';
import { catalog, scenarioSpec, type Endpoint } from './config.ts';
import { authErrors, loginDuration, logoutDuration, meDuration, refreshDuration } from './metrics.ts';

export const BASE_URL = (__ENV['BASE_URL'] ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
export const API = `${BASE_URL}/api/v1/auth`;

export interface SetupData {
  users: number;
}

export interface Tokens {
  access: string;
  refresh: string;
}

const trends = { login: loginDuration, refresh: refreshDuration, me: meDuration, logout: logoutDuration };

export function emailFor(index: number): string {
  return catalog.flow.userEmailPattern.replace('%d', String(index));
}

function params(name: Endpoint | 'register' | 'warmup', extraHeaders: Record<string, string> = {}): RefinedParams<'text'> {
  return {
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...extraHeaders },
    tags: { name },
  };
}

function record(name: Endpoint, res: RefinedResponse<ResponseType | undefined>, ok: boolean): void {
  trends[name].add(res.timings.duration);
  authErrors.add(!ok);
}

export function tokensOf(res: RefinedResponse<ResponseType | undefined>): Tokens | null {
  if (res.status !== 200) {
    return null;
  }
  try {
    const body = res.json() as Record<string, unknown> | null;
    const access = body?.['access_token'];
    const refresh = body?.['refresh_token'];
    return typeof access === 'string' && typeof refresh === 'string' && body?.['token_type'] === 'Bearer'
      ? { access, refresh }
      : null;
  } catch {
    return null;
  }
}

function think(): void {
  const { minSeconds, maxSeconds } = catalog.flow.thinkTime;
  sleep(minSeconds + Math.random() * (maxSeconds - minSeconds));
}

/**
 * Registers the accounts the VUs log in with (USERS overrides the scenario's count). 409 means the
 * account is there already, so a second run against the same server needs no cleanup.
 * SKIP_SEED=1 when perf/run.sh has seeded them. Then a warm-up, see warmUp().
 */
export function seedUsers(scenario: string): SetupData {
  const users = __ENV['USERS'] ? Number(__ENV['USERS']) : scenarioSpec(scenario).users;
  if (!Number.isInteger(users) || users < 1) {
    fail(`USERS must be a positive integer, got '${__ENV['USERS'] ?? ''}'`);
  }
  if (__ENV['SKIP_SEED'] !== '1') {
    register(users);
  }
  warmUp(users);
  return { users };
}

function register(users: number): void {
  // the server hashes one password per core at a time: a few requests in flight are enough
  const parallel = 4;
  const seedParams = { ...params('register'), responseCallback: http.expectedStatuses(201, 409) };
  for (let first = 0; first < users; first += parallel) {
    const batch = [];
    for (let i = first; i < Math.min(first + parallel, users); i++) {
      batch.push({
        method: 'POST',
        url: `${API}/register`,
        body: JSON.stringify({ email: emailFor(i), password: catalog.flow.userPassword }),
        params: seedParams,
      });
    }
    for (const res of http.batch(batch)) {
      if (res.status !== 201 && res.status !== 409) {
        fail(`seeding users: register answered ${res.status} ${String(res.body).slice(0, 200)}`);
      }
    }
  }
}

/**
 * A few whole sessions before the measured load, as the Gatling twin's Warmup does: the first
 * requests after a JVM start run cold code, and in a smoke run of two logins one cold login is the
 * p95. Tagged name:warmup, so no threshold and no endpoint Trend sees them.
 */
function warmUp(users: number): void {
  const warm = params('warmup');
  for (let i = 0; i < catalog.flow.warmupSessions; i++) {
    const email = emailFor(i % users);
    const login = tokensOf(http.post(`${API}/login`, JSON.stringify({ email, password: catalog.flow.userPassword }), warm));
    if (login === null) {
      fail(`warm-up: login of ${email} failed`);
    }
    http.get(`${API}/me`, params('warmup', { Authorization: `Bearer ${login.access}` }));
    const next = tokensOf(http.post(`${API}/refresh`, JSON.stringify({ refresh_token: login.refresh }), warm));
    if (next === null) {
      fail('warm-up: refresh failed');
    }
    http.get(`${API}/me`, params('warmup', { Authorization: `Bearer ${next.access}` }));
    http.post(`${API}/logout`, JSON.stringify({ refresh_token: next.refresh }), warm);
  }
}

function me(access: string, email: string): boolean {
  const res = http.get(`${API}/me`, params('me', { Authorization: `Bearer ${access}` }));
  const ok = check(res, {
    'me: 200': (r) => r.status === 200,
    'me: own account': (r) => {
      try {
        return (r.json() as Record<string, unknown> | null)?.['email'] === email;
      } catch {
        return false;
      }
    },
  });
  record('me', res, ok);
  return ok;
}

/** One session of the VU's account; accounts are shared round-robin when there are more VUs than accounts. */
export function session(data: SetupData): void {
  const flow = catalog.flow;
  const email = emailFor((__VU - 1) % data.users);

  const login = http.post(`${API}/login`, JSON.stringify({ email, password: flow.userPassword }), params('login'));
  let tokens = tokensOf(login);
  const loggedIn = check(login, { 'login: 200': (r) => r.status === 200, 'login: bearer token pair': () => tokens !== null });
  record('login', login, loggedIn);
  if (tokens === null) {
    // without tokens the rest of the session only adds failures that say nothing new; pause so a
    // broken server is not hammered in a tight loop
    think();
    return;
  }
  me(tokens.access, email);

  for (let i = 0; i < flow.refreshesPerLogin; i++) {
    think();
    const res = http.post(`${API}/refresh`, JSON.stringify({ refresh_token: tokens.refresh }), params('refresh'));
    const next: Tokens | null = tokensOf(res);
    const ok = check(res, { 'refresh: 200': (r) => r.status === 200, 'refresh: new token pair': () => next !== null && next.refresh !== tokens?.refresh });
    record('refresh', res, ok);
    if (next === null) {
      think();
      return;
    }
    tokens = next;
    me(tokens.access, email);
  }

  think();
  const logout = http.post(`${API}/logout`, JSON.stringify({ refresh_token: tokens.refresh }), params('logout'));
  record('logout', logout, check(logout, { 'logout: 204': (r) => r.status === 204 }));
  think();
}
