/**
 * The k6 entry for every scenario of perf/scenarios.json; SCENARIO names the one to run:
 *
 *   k6 run -e SCENARIO=smoke -e BASE_URL=http://127.0.0.1:8080 perf/k6/main.ts
 *
 * The scenarios differ only in shape and in nothing a script says, so there is one entry and the
 * shape comes from scenarios.json at init time. An unknown or missing name stops k6 there, before
 * any request, with the list of known ones.
 */
import { optionsFor, selectedScenario } from './lib/config.ts';
import { seedUsers, session, type SetupData } from './lib/flow.ts';
import { summarize, type SummaryData } from './lib/summary.ts';

const SCENARIO = selectedScenario();

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
