// Stand-in for k6's 'k6' module: just enough to run the suites' code under Node (see ../run-shim.mjs).
export const state = { checks: { passes: 0, fails: 0 }, sleepScale: Number(process.env.SHIM_SLEEP_SCALE ?? '0.01') };

export function check(value, sets) {
  let all = true;
  for (const [name, fn] of Object.entries(sets)) {
    const ok = Boolean(fn(value));
    ok ? state.checks.passes++ : state.checks.fails++;
    if (!ok) console.error(`  check failed: ${name}`);
    all &&= ok;
  }
  return all;
}

export function fail(message) {
  throw new Error(message);
}

export function sleep(seconds) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000 * state.sleepScale);
}
