// Stand-in for 'k6/execution': the runner (../run-shim.mjs) sets what a VU and its scenario would see.
export const state = { vuId: 1, iterationInTest: 0, iterationInScenario: 0, scenario: 'default', scenarioStart: Date.now() };

export class Aborted extends Error {}

const execution = {
  get vu() {
    return { idInTest: state.vuId, idInInstance: state.vuId, iterationInScenario: state.iterationInScenario, iterationInInstance: state.iterationInScenario, tags: {}, metrics: { tags: {}, metadata: {} } };
  },
  get scenario() {
    return { name: state.scenario, executor: '', startTime: state.scenarioStart, progress: 0, iterationInInstance: state.iterationInTest, iterationInTest: state.iterationInTest };
  },
  get instance() {
    return { iterationsInterrupted: 0, iterationsCompleted: 0, vusActive: 1, vusInitialized: 1, currentTestRunDuration: Date.now() - state.scenarioStart };
  },
  test: {
    abort(message) {
      throw new Aborted(`test aborted: ${message ?? ''}`);
    },
    fail(message) {
      throw new Error(`test failed: ${message ?? ''}`);
    },
    options: {},
  },
};

export default execution;
