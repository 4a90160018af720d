// Stand-in for 'k6/metrics': every Trend and Rate keeps its samples for the runner's summary.
export const registry = new Map();

class Metric {
  constructor(name, type) {
    this.name = name;
    this.type = type;
    this.values = [];
    registry.set(name, this);
  }
  add(value) {
    this.values.push(Number(value));
  }
}

export class Trend extends Metric {
  constructor(name) {
    super(name, 'trend');
  }
}

export class Rate extends Metric {
  constructor(name) {
    super(name, 'rate');
  }
}

export class Counter extends Metric {
  constructor(name) {
    super(name, 'counter');
  }
}
