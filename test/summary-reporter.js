// mocha's spec reporter, plus a closing line that CI reads: `tests: N passed, N failed, N skipped`.
// The numbers are mocha's own counts for this run.
"use strict";
const Mocha = require("mocha");
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats ?? this.stats;
      // Printed after the spec reporter's epilogue, which also listens for the end of the run.
      process.nextTick(() => console.log(`tests: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped`));
    });
  }
}

module.exports = SummaryReporter;
