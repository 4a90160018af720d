// Stand-in for 'k6/metrics': every Trend, Rate and Counter keeps its samples (and their tags) for the runner's summary.
export const registry = new Map();

class Metric {
  constructor(name, type) {
    this.name = name;
    this.type = type;
    this.values = [];
    this.tags = [];
    registry.set(name, this);
  }
  add(value, tags) {
    this.values.push(Number(value));
    this.tags.push(tags ?? {});
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
