/**
 * The validator's bundle as Lambda runs it: one CommonJS file that loads in Node, requires only the
 * AWS SDK v3 clients the runtime provides, and exports a working `handler`.
 */
import { strict as assert } from "assert";
import {
  BackupClient,
  DescribeRestoreJobCommand,
  ListScanJobsCommand,
  PutRestoreValidationResultCommand,
} from "@aws-sdk/client-backup";
import { DescribeVolumesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import { createRequire } from "module";
import * as path from "path";
import { VALIDATOR_ENTRY } from "../components/restore-validation";
import { bundleLambda, esbuildTargetFor, LAMBDA_NODE_RUNTIME, projectRoot } from "../lib/lambda/bundle";
import { PLAN_ARN_VARIABLE } from "../lib/restore/validation-events";
import { completedRestoreEvent, PLAN } from "./fixtures/restore-events";
import { PROJECT_DIR } from "./helpers";

const RUNTIME_SDK = ["@aws-sdk/client-backup", "@aws-sdk/client-dynamodb", "@aws-sdk/client-ec2", "@aws-sdk/client-s3"];

interface Loaded {
  handler: (event: unknown) => Promise<unknown>;
  required: Set<string>;
}

/**
 * Evaluates the bundle as Node's CommonJS loader would, with `require` resolving from the project's
 * node_modules (as the runtime's /var/runtime/node_modules would) unless `replace` says otherwise.
 */
function load(code: string, replace: Record<string, unknown> = {}): Loaded {
  const projectRequire = createRequire(path.join(PROJECT_DIR, "package.json"));
  const required = new Set<string>();
  const module = { exports: {} as Record<string, unknown> };
  const req = (id: string) => {
    required.add(id);
    return id in replace ? replace[id] : projectRequire(id);
  };
  const file = path.join(PROJECT_DIR, "index.js");
  new Function("exports", "require", "module", "__filename", "__dirname", code)(
    module.exports,
    req,
    module,
    file,
    PROJECT_DIR,
  );
  return { handler: module.exports.handler as Loaded["handler"], required };
}

describe("the restore validator's bundle", () => {
  const code = bundleLambda(VALIDATOR_ENTRY);
  let backup: AwsClientStub<BackupClient>;
  let ec2: AwsClientStub<EC2Client>;
  const savedPlan = process.env[PLAN_ARN_VARIABLE];
  const savedLog = console.log;
  /** What the bundled handler logged (it logs JSON lines with console.log, as in Lambda). */
  let logged: string[] = [];

  before(() => {
    backup = mockClient(BackupClient);
    ec2 = mockClient(EC2Client);
    process.env[PLAN_ARN_VARIABLE] = PLAN;
    console.log = (line: unknown) => void logged.push(String(line));
  });
  after(() => {
    console.log = savedLog;
    if (savedPlan === undefined) delete process.env[PLAN_ARN_VARIABLE];
    else process.env[PLAN_ARN_VARIABLE] = savedPlan;
    backup.restore();
    ec2.restore();
  });
  beforeEach(() => {
    logged = [];
    backup.reset();
    ec2.reset();
    backup.on(DescribeRestoreJobCommand).resolves({
      RestoreJobId: "job-1",
      Status: "COMPLETED",
      ResourceType: "EBS",
      CreatedResourceArn: "arn:aws:ec2:eu-west-1:333333333333:volume/vol-0abc",
      RecoveryPointArn: "arn:aws:ec2:eu-west-1::snapshot/snap-0abc",
    });
    backup.on(ListScanJobsCommand).resolves({ ScanJobs: [] });
    backup.on(PutRestoreValidationResultCommand).resolves({});
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: "vol-0abc", State: "available" }] });
  });

  it("is CommonJS for the runtime's Node.js, with @aws-sdk/* left as require() calls, not bundled", () => {
    assert.equal(LAMBDA_NODE_RUNTIME, "nodejs24.x");
    assert.equal(esbuildTargetFor(LAMBDA_NODE_RUNTIME), "node24");
    assert.throws(() => esbuildTargetFor("python3.13"), /not a Lambda Node.js runtime/);
    assert.match(code, /module\.exports = __toCommonJS\(/);
    for (const id of RUNTIME_SDK) assert.ok(code.includes(`require("${id}")`), `require("${id}")`);
    // No SDK or Smithy code inside: the clients are the runtime's.
    assert.doesNotMatch(code, /@smithy\/|class BackupClient|class EC2Client/);
    // Small because the SDK is not in it.
    assert.ok(code.length < 60_000, `${code.length} characters`);
    assert.equal(bundleLambda(VALIDATOR_ENTRY), code, "the same sources give the same bundle");
    assert.equal(projectRoot(), PROJECT_DIR);
  });

  it("loads, requires only the runtime's SDK clients, and exports handler", () => {
    const { handler, required } = load(code);
    assert.equal(typeof handler, "function");
    assert.deepEqual([...required].sort(), RUNTIME_SDK);
  });

  it("runs: validates a completed restore test and reports it, ignoring other plans' jobs", async () => {
    const { handler } = load(code);
    const result = (await handler(completedRestoreEvent())) as { status: string };
    assert.equal(result.status, "SUCCESSFUL");
    const put = backup.commandCalls(PutRestoreValidationResultCommand);
    assert.equal(put.length, 1);
    assert.equal(put[0].args[0].input.ValidationStatus, "SUCCESSFUL");

    // The plan comes from the function's environment (RESTORE_TESTING_PLAN_ARN).
    const other = (await handler(
      completedRestoreEvent({
        restoreTestingPlanArn: "arn:aws:backup:eu-west-1:333333333333:restore-testing-plan:o-1",
      }),
    )) as { ignored: boolean };
    assert.equal(other.ignored, true);
    assert.equal(backup.commandCalls(PutRestoreValidationResultCommand).length, 1);
    assert.deepEqual(
      logged.map((l) => (JSON.parse(l) as { msg: string }).msg),
      ["validation result", "ignored event"],
    );
  });

  it("on a runtime whose SDK has no ListScanJobs, reports FAILED saying so instead of crashing", async () => {
    const real = createRequire(path.join(PROJECT_DIR, "package.json"))("@aws-sdk/client-backup") as Record<
      string,
      unknown
    >;
    const { handler } = load(code, { "@aws-sdk/client-backup": { ...real, ListScanJobsCommand: undefined } });
    const result = (await handler(completedRestoreEvent())) as { status: string; message: string };
    assert.equal(result.status, "FAILED");
    assert.match(result.message, /malware scan could not be checked: .*has no ListScanJobs/);
    assert.equal(backup.commandCalls(PutRestoreValidationResultCommand)[0].args[0].input.ValidationStatus, "FAILED");
  });
});
