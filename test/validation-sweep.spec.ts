/** The sweep's pure decisions (lib/restore/validation-sweep.ts); the handler's sweep is in restore-validator-handler.spec.ts. */
import { strict as assert } from "assert";
import {
  isSweepEvent,
  SWEEP_INPUT,
  SWEEP_SETTLE_MINUTES,
  sweepLookbackStart,
  unvalidatedJobs,
} from "../lib/restore/validation-sweep";
import { completedRestoreEvent } from "./fixtures/restore-events";

const NOW = new Date("2026-06-01T12:00:00Z");
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

describe("restore validation sweep: which jobs it takes", () => {
  it("recognises only its own schedule's input, never an AWS event", () => {
    assert.ok(isSweepEvent({ ...SWEEP_INPUT }));
    for (const other of [completedRestoreEvent(), {}, null, "sweep", { isolation: "other" }]) {
      assert.ok(!isSweepEvent(other), JSON.stringify(other));
    }
  });

  it("takes completed, unvalidated, undeleted jobs that have settled, oldest first", () => {
    const settled = SWEEP_SETTLE_MINUTES + 1;
    const jobs = [
      { RestoreJobId: "b", Status: "COMPLETED", CompletionDate: ago(settled), ResourceType: "EC2" },
      { RestoreJobId: "a", Status: "COMPLETED", CompletionDate: ago(settled + 60) },
      { RestoreJobId: "validated", Status: "COMPLETED", CompletionDate: ago(90), ValidationStatus: "FAILED" },
      { RestoreJobId: "deleting", Status: "COMPLETED", CompletionDate: ago(90), DeletionStatus: "DELETING" },
      { RestoreJobId: "recent", Status: "COMPLETED", CompletionDate: ago(SWEEP_SETTLE_MINUTES - 1) },
      { RestoreJobId: "running", Status: "RUNNING", CompletionDate: ago(90) },
      { RestoreJobId: "undated", Status: "COMPLETED" },
      { Status: "COMPLETED", CompletionDate: ago(90) },
    ];
    assert.deepEqual(unvalidatedJobs(jobs, NOW), [{ restoreJobId: "a" }, { restoreJobId: "b", resourceType: "EC2" }]);
  });

  it("looks back over the longest validation window, 168 hours", () => {
    assert.deepEqual(sweepLookbackStart(NOW), new Date("2026-05-25T12:00:00Z"));
  });
});
