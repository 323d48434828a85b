/**
 * The validator's bundle as Lambda runs it: one CommonJS file that loads in Node, carries its own
 * AWS Backup client, requires only the runtime's EC2, S3, DynamoDB, RDS and EFS clients besides
 * Node's built-ins, and exports a working `handler`. The bundled Backup client is exercised for real: its
 * requests go to a stub AWS Backup endpoint on the loopback interface (AWS_ENDPOINT_URL_BACKUP),
 * so the test sees the HTTP calls the function would make.
 */
import { strict as assert } from "assert";
import { DescribeVolumesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import { AddressInfo } from "net";
import * as http from "http";
import { builtinModules, createRequire } from "module";
import * as path from "path";
import { VALIDATOR_ENTRY } from "../components/restore-validation";
import {
  bundleLambda,
  esbuildTargetFor,
  LAMBDA_NODE_RUNTIME,
  projectRoot,
  RUNTIME_PROVIDED,
} from "../lib/lambda/bundle";
import { PLAN_ARN_VARIABLE } from "../lib/restore/validation-events";
import { completedRestoreEvent, PLAN } from "./fixtures/restore-events";
import { PROJECT_DIR } from "./helpers";

/** What the bundle may require at run time: Node's built-ins, and the SDK's optional CRT signer (absent, caught). */
const isBuiltin = (id: string) => id.startsWith("node:") || builtinModules.includes(id);
const OPTIONAL = new Set(["@aws-sdk/signature-v4-crt"]);

interface BackupCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

/** A stub of the AWS Backup REST API for the three calls the validator makes (paths from the SDK's model). */
async function stubBackup(
  job: Record<string, unknown>,
): Promise<{ url: string; calls: BackupCall[]; close: () => Promise<void> }> {
  const calls: BackupCall[] = [];
  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (c) => (text += c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://stub");
      calls.push({
        method: req.method ?? "",
        path: url.pathname,
        query: url.searchParams,
        body: text ? JSON.parse(text) : undefined,
      });
      const json = (status: number, body?: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(body === undefined ? "" : JSON.stringify(body));
      };
      if (req.method === "GET" && url.pathname === `/restore-jobs/${job.RestoreJobId}`) json(200, job);
      else if (req.method === "GET" && url.pathname === "/scan/jobs") json(200, { ScanJobs: [] });
      else if (req.method === "PUT" && url.pathname === `/restore-jobs/${job.RestoreJobId}/validations`) json(204);
      else json(404, { message: `stub: no route for ${req.method} ${url.pathname}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

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
  const JOB = {
    RestoreJobId: "D59196C8-8951-4C80-E71E-8F41E6D364E5",
    Status: "COMPLETED",
    ResourceType: "EBS",
    CreatedResourceArn: "arn:aws:ec2:eu-west-1:333333333333:volume/vol-0abc",
    RecoveryPointArn: "arn:aws:ec2:eu-west-1::snapshot/snap-0abc",
  };
  const ENV = [
    "AWS_ENDPOINT_URL_BACKUP",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_REGION",
    PLAN_ARN_VARIABLE,
  ];
  const saved = new Map(ENV.map((k) => [k, process.env[k]]));
  let ec2: AwsClientStub<EC2Client>;
  let stub: Awaited<ReturnType<typeof stubBackup>>;
  /** What the bundled handler wrote to stdout: one raw JSON line per decision, no console prefix. */
  const logged: string[] = [];
  /** Runs `fn` with stdout captured into `logged` (only around the handler: mocha reports on stdout too). */
  async function capturingStdout<T>(fn: () => Promise<T>): Promise<T> {
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      logged.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      return await fn();
    } finally {
      process.stdout.write = write;
    }
  }

  before(async () => {
    stub = await stubBackup(JOB);
    process.env.AWS_ENDPOINT_URL_BACKUP = stub.url;
    process.env.AWS_ACCESS_KEY_ID = "AKIDEXAMPLE";
    process.env.AWS_SECRET_ACCESS_KEY = "example-secret";
    process.env.AWS_REGION = "eu-west-1";
    process.env[PLAN_ARN_VARIABLE] = PLAN;
    ec2 = mockClient(EC2Client);
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: "vol-0abc", State: "available" }] });
  });
  after(async () => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    ec2.restore();
    await stub.close();
  });

  it("is minified CommonJS for the runtime's Node.js, the Backup client inside, the others left to the runtime", () => {
    assert.equal(LAMBDA_NODE_RUNTIME, "nodejs24.x");
    assert.equal(esbuildTargetFor(LAMBDA_NODE_RUNTIME), "node24");
    assert.throws(() => esbuildTargetFor("python3.13"), /not a Lambda Node.js runtime/);
    assert.ok(code.startsWith(`"use strict";`) && code.includes("module.exports="), "a CommonJS module");
    // The RDS and EFS clients (RDS and Aurora, EFS restore tests) come from the runtime too.
    assert.deepEqual([...RUNTIME_PROVIDED].sort(), [
      "@aws-sdk/client-dynamodb",
      "@aws-sdk/client-ec2",
      "@aws-sdk/client-efs",
      "@aws-sdk/client-rds",
      "@aws-sdk/client-s3",
    ]);
    for (const id of RUNTIME_PROVIDED) assert.ok(code.includes(`require("${id}")`), `require("${id}")`);
    // Not bundled: the RDS client's XML namespace and the EFS client's REST paths, both in the
    // bundle when those clients are bundled in, are absent.
    assert.ok(!code.includes("http://rds.amazonaws.com/doc/2014-10-31/"), "the RDS client is not bundled");
    assert.ok(!code.includes("/2015-02-01/file-systems"), "the EFS client is not bundled");
    assert.ok(!code.includes('require("@aws-sdk/client-backup")'), "the Backup client is bundled, not required");
    // The Backup client's REST routes are in the bundle: the function ships its own copy.
    assert.ok(code.includes("/restore-jobs/{RestoreJobId}/validations") && code.includes("/scan/jobs"));
    assert.ok(code.length < 1_000_000, `${code.length} characters`);
    assert.equal(bundleLambda(VALIDATOR_ENTRY), code, "the same sources give the same bundle");
    assert.equal(projectRoot(), PROJECT_DIR);
  });

  it("loads, requires only the runtime's EC2, S3, DynamoDB, RDS and EFS clients besides Node's built-ins, and exports handler", () => {
    const { handler, required } = load(code);
    assert.equal(typeof handler, "function");
    const sdk = [...required].filter((id) => !isBuiltin(id) && !OPTIONAL.has(id)).sort();
    assert.deepEqual(sdk, [...RUNTIME_PROVIDED].sort());
  });

  it("runs: validates a completed restore test through its own Backup client, and ignores other plans' jobs", async () => {
    const { handler } = load(code);
    const result = (await capturingStdout(() => handler(completedRestoreEvent()))) as { status: string };
    assert.equal(result.status, "SUCCESSFUL");
    assert.deepEqual(
      stub.calls.map((c) => `${c.method} ${c.path}`),
      [`GET /restore-jobs/${JOB.RestoreJobId}`, "GET /scan/jobs", `PUT /restore-jobs/${JOB.RestoreJobId}/validations`],
    );
    assert.equal(stub.calls[1].query.get("ByRecoveryPointArn"), JOB.RecoveryPointArn);
    const put = stub.calls[2].body as { ValidationStatus: string; ValidationStatusMessage: string };
    assert.equal(put.ValidationStatus, "SUCCESSFUL");
    assert.match(put.ValidationStatusMessage, /vol-0abc/);
    assert.equal(ec2.commandCalls(DescribeVolumesCommand).length, 1, "EC2 through the runtime's client");

    // The plan comes from the function's environment (RESTORE_TESTING_PLAN_ARN).
    const other = (await capturingStdout(() =>
      handler(
        completedRestoreEvent({
          restoreTestingPlanArn: "arn:aws:backup:eu-west-1:333333333333:restore-testing-plan:o-1",
        }),
      ),
    )) as { ignored: boolean };
    assert.equal(other.ignored, true);
    assert.equal(stub.calls.length, 3, "an ignored event makes no call");
    // Each line is bare JSON ending in a newline, as the FAILED metric filter reads it.
    assert.ok(
      logged.every((l) => l.startsWith("{") && l.endsWith("}\n")),
      logged.join(""),
    );
    assert.deepEqual(
      logged.map((l) => (JSON.parse(l) as { msg: string }).msg),
      ["validation result", "ignored event"],
    );
  });
});
