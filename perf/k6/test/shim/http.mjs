// Stand-in for 'k6/http': synchronous requests through curl, as k6's are synchronous for a VU.
import { spawnSync } from 'node:child_process';
import { registry, Trend } from './metrics.mjs';

const durations = registry.get('http_req_duration') ?? new Trend('http_req_duration');
export const requests = [];

function request(method, url, body, params = {}) {
  const args = ['-s', '-X', method, '-o', '-', '-w', '\n%{http_code} %{time_total}', url];
  for (const [k, v] of Object.entries(params.headers ?? {})) args.push('-H', `${k}: ${v}`);
  if (body !== null && body !== undefined) args.push('--data-binary', String(body));
  const out = spawnSync('curl', args, { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`curl ${method} ${url} failed: ${out.stderr}`);
  const cut = out.stdout.lastIndexOf('\n');
  const [status, seconds] = out.stdout.slice(cut + 1).split(' ');
  const text = out.stdout.slice(0, cut);
  const res = {
    status: Number(status),
    body: text,
    timings: { duration: Number(seconds) * 1000 },
    json(selector) {
      const parsed = JSON.parse(text);
      return selector === undefined ? parsed : parsed[selector];
    },
  };
  const name = params.tags?.name ?? url;
  const expected = params.responseCallback ?? ((s) => s >= 200 && s < 400);
  requests.push({ name, method, status: res.status, ok: expected(res.status), duration: res.timings.duration });
  durations.add(res.timings.duration);
  return res;
}

export function expectedStatuses(...statuses) {
  return (s) => statuses.includes(s);
}

export default {
  get: (url, params) => request('GET', url, null, params),
  post: (url, body, params) => request('POST', url, body, params),
  del: (url, body, params) => request('DELETE', url, body, params),
  batch: (reqs) => reqs.map((r) => request(r.method, r.url, r.body, r.params)),
  expectedStatuses,
};
