/**
 * handleSummary: a short text table on stdout and in summary.txt, and k6's whole summary data in
 * summary.json, both under RESULTS_DIR (perf/run.sh points it at perf/results/<date>-<scenario>/).
 * Written here rather than imported from jslib so that a run needs nothing from the network.
 */
import { ENDPOINTS, isLoginFlood } from './config.ts';

/** The rows of a login flood's table: its requests, and the logins turned away among the flood's. */
const FLOOD_ROWS = ['flood-login', 'flood-login-rejected', 'session-login', 'refresh', 'me', 'ready'] as const;

interface MetricSummary {
  type: 'counter' | 'gauge' | 'rate' | 'trend';
  contains: string;
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

/** The parts of k6's summary data this file reads; @types/k6 does not describe it. */
export interface SummaryData {
  metrics: Record<string, MetricSummary>;
  state: { testRunDurationMs: number; isStdOutTTY: boolean };
}

function value(data: SummaryData, metric: string, stat: string): number | undefined {
  return data.metrics[metric]?.values[stat];
}

function ms(v: number | undefined): string {
  return v === undefined ? '-' : v.toFixed(v < 10 ? 1 : 0);
}

function pct(v: number | undefined): string {
  return v === undefined ? '-' : `${(v * 100).toFixed(2)} %`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function failedThresholds(data: SummaryData): string[] {
  const failed: string[] = [];
  for (const [name, metric] of Object.entries(data.metrics)) {
    for (const [rule, result] of Object.entries(metric.thresholds ?? {})) {
      if (!result.ok) {
        failed.push(`${name}: ${rule}`);
      }
    }
  }
  return failed;
}

export function textSummary(scenario: string, data: SummaryData): string {
  const seconds = data.state.testRunDurationMs / 1000;
  // a login flood's own requests (lib/flood.ts), else the session flow's
  const flood = isLoginFlood(scenario);
  const rows: string[] = flood ? [...FLOOD_ROWS] : [...ENDPOINTS];
  const width = Math.max('endpoint'.length, ...rows.map((r) => r.length)) + 2;
  const lines = [
    `gaara k6 ${scenario}: ${seconds.toFixed(0)} s`,
    '',
    `${pad('endpoint', width)}${pad('count', 9)}${pad('p50 ms', 9)}${pad('p95 ms', 9)}${pad('p99 ms', 9)}${pad('max ms', 9)}per s`,
  ];
  for (const endpoint of rows) {
    const trend = `${endpoint.replaceAll('-', '_')}_duration`;
    const count = value(data, trend, 'count');
    lines.push(
      pad(endpoint, width) +
        pad(count === undefined ? '-' : String(count), 9) +
        pad(ms(value(data, trend, 'med')), 9) +
        pad(ms(value(data, trend, 'p(95)')), 9) +
        pad(ms(value(data, trend, 'p(99)')), 9) +
        pad(ms(value(data, trend, 'max')), 9) +
        (count === undefined || seconds === 0 ? '-' : (count / seconds).toFixed(1)),
    );
  }
  lines.push(
    '',
    `requests ${value(data, 'http_reqs', 'count') ?? 0} (${(value(data, 'http_reqs', 'rate') ?? 0).toFixed(1)}/s), ` +
      `failed ${pct(value(data, 'http_req_failed', 'rate'))}, auth errors ${pct(value(data, 'auth_errors', 'rate'))}, ` +
      `checks passed ${pct(value(data, 'checks', 'rate'))}, iterations ${value(data, 'iterations', 'count') ?? 0}, ` +
      `dropped ${value(data, 'dropped_iterations', 'count') ?? 0}`,
  );
  if (flood) {
    lines.push(
      `flood logins turned away (429/503): ${value(data, 'flood_login_rejections', 'count') ?? 0}; ` +
        `answered otherwise than expected or not at all: ${value(data, 'unexpected_answers', 'count') ?? 0}`,
    );
  }
  const failed = failedThresholds(data);
  lines.push(failed.length === 0 ? 'thresholds: all passed' : `thresholds FAILED:\n  ${failed.join('\n  ')}`, '');
  return lines.join('\n');
}

export function summarize(scenario: string, data: SummaryData): Record<string, string> {
  const dir = (__ENV['RESULTS_DIR'] ?? '.').replace(/\/+$/, '');
  const text = textSummary(scenario, data);
  return {
    stdout: text,
    [`${dir}/summary.txt`]: text,
    [`${dir}/summary.json`]: JSON.stringify(data, null, 2),
  };
}
