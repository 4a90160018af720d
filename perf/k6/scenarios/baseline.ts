/**
 * baseline: Steady everyday load: 10 users, 30 s.
 * Shape and thresholds: perf/scenarios.json. Run: k6 run -e BASE_URL=http://127.0.0.1:8080 perf/k6/scenarios/baseline.ts
 */
import { optionsFor } from '../lib/config.ts';
import { seedUsers, session, type SetupData } from '../lib/flow.ts';
import { summarize, type SummaryData } from '../lib/summary.ts';

const SCENARIO = 'baseline';

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
