/**
 * arrival: Open model: new sessions arrive at a fixed rate whatever the latency, so a slow server cannot slow the load down (no coordinated omission). Each session lasts ~10 s, so ~100 are in flight.
 * Shape and thresholds: perf/scenarios.json. Run: k6 run -e BASE_URL=http://127.0.0.1:8080 perf/k6/scenarios/arrival.ts
 */
import { optionsFor } from '../lib/config.ts';
import { seedUsers, session, type SetupData } from '../lib/flow.ts';
import { summarize, type SummaryData } from '../lib/summary.ts';

const SCENARIO = 'arrival';

export const options = optionsFor(SCENARIO);

export function setup(): SetupData {
  return seedUsers(SCENARIO);
}

export default function (data: SetupData): void {
  session(data);
}

export function handleSummary(data: SummaryData): Record<string, string> {
  return summarize(SCENARIO, data);
}
