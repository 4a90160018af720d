/**
 * The k6 entry for every scenario of perf/scenarios.json; SCENARIO names the one to run:
 *
 *   k6 run -e SCENARIO=smoke -e BASE_URL=http://127.0.0.1:8080 perf/k6/main.ts
 *
 * The scenarios differ only in shape and in nothing a script says, so there is one entry and the
 * shape comes from scenarios.json at init time. An unknown or missing name stops k6 there, before
 * any request, with the list of known ones. The login-flood scenarios run several populations at
 * once, each through one of the functions exported from lib/flood.ts; the others run the default.
 */
import { isLoginFlood, optionsFor, selectedScenario } from './lib/config.ts';
import { floodWarmUp } from './lib/flood.ts';
import { seedUsers, session, type SetupData } from './lib/flow.ts';
import { summarize, type SummaryData } from './lib/summary.ts';

const SCENARIO = selectedScenario();

export const options = optionsFor(SCENARIO);

export function setup(): SetupData {
  const data = seedUsers(SCENARIO);
  if (isLoginFlood(SCENARIO)) {
    floodWarmUp(data);
  }
  return data;
}

export default function (data: SetupData): void {
  session(data);
}

// issue 8's flood test: each population of a login-flood scenario runs one of these (config.ts, EXEC)
export { floodLogin, readyProbe, refreshMe } from './lib/flood.ts';

export function handleSummary(data: SummaryData): Record<string, string> {
  return summarize(SCENARIO, data);
}
