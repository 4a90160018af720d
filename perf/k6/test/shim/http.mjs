// Stand-in for 'k6/http': synchronous requests through curl, as k6's are synchronous for a VU.
import { spawnSync } from 'node:child_process';
import { registry, Trend } from './metrics.mjs';

const durations = registry.get('http_req_duration') ?? new Trend('http_req_duration');
export const requests = [];

const MARK = '\n@@gaara-shim@@';

/** curl's %{header_json}: lower-case names, each with its values; k6 gives canonical names (Retry-After). */
function headersOf(json) {
  const headers = {};
  try {
    for (const [name, values] of Object.entries(JSON.parse(json))) {
      headers[name.replace(/(^|-)([a-z])/g, (_, dash, c) => dash + c.toUpperCase())] = [values].flat().join(', ');
    }
  } catch {
    // no answer, no headers
  }
  return headers;
}

function request(method, url, body, params = {}) {
  const args = ['-s', '-X', method, '-o', '-', '-w', `${MARK}%{http_code} %{time_total}\n%{header_json}`, url];
  if (params.timeout !== undefined) args.push('--max-time', String(parseFloat(params.timeout)));
  for (const [k, v] of Object.entries(params.headers ?? {})) args.push('-H', `${k}: ${v}`);
  if (body !== null && body !== undefined) args.push('--data-binary', String(body));
  const out = spawnSync('curl', args, { encoding: 'utf8' });
  // 28: timed out; k6 answers that with status 0 rather than an exception
  if (out.status !== 0 && out.status !== 28) throw new Error(`curl ${method} ${url} failed: ${out.stderr}`);
  const cut = out.stdout.lastIndexOf(MARK);
  const tail = out.stdout.slice(cut + MARK.length);
  const eol = tail.indexOf('\n');
  const [status, seconds] = tail.slice(0, eol).split(' ');
  const text = out.stdout.slice(0, cut);
  const res = {
    status: Number(status),
    body: text,
    headers: headersOf(tail.slice(eol + 1)),
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
