/**
 * Bundles a Lambda function's TypeScript source into one CommonJS file when the program runs, so
 * `pulumi preview`/`up` ship exactly the code in the repository: nothing is built beforehand and
 * nothing is downloaded. esbuild (https://esbuild.github.io/api/) resolves the handler's imports
 * from this project (lib/ included) into the one file.
 *
 * `@aws-sdk/client-backup` is bundled in, with its own SDK core: the validator's calls
 * (PutRestoreValidationResult, and ListScanJobs for malware scan results, which is recent) must not
 * depend on the SDK version a Lambda runtime happens to ship. AWS's "Restore testing validation"
 * guide warns that the runtime's SDK may lack PutRestoreValidationResult and says to package your
 * own. The other clients (EC2, S3, DynamoDB, RDS, EFS: long-stable Describe/Head calls, the RDS
 * and EFS ones older than the SDK v3 itself) stay `require()`s of the runtime's SDK, which every
 * Lambda Node.js runtime includes (AWS Lambda developer guide, "Building Lambda functions with
 * Node.js"), keeping the function about half a megabyte.
 */
import { buildSync } from "esbuild";
import * as fs from "fs";
import * as path from "path";

/**
 * The Node.js runtime the project's functions use, and the esbuild target of the same Node.js major
 * version. nodejs24.x: Amazon Linux 2023, deprecation Apr 30, 2028 (AWS Lambda developer guide,
 * "Building Lambda functions with Node.js", supported runtimes); it is in @pulumi/aws 7.48's
 * aws.lambda.Runtime (NodeJS24dX).
 */
export const LAMBDA_NODE_RUNTIME = "nodejs24.x";

/** `nodejs24.x` -> `node24`: esbuild's target for the runtime's Node.js version. */
export function esbuildTargetFor(runtime: string): string {
  const m = /^nodejs(\d+)\.x$/.exec(runtime);
  if (!m) throw new Error(`"${runtime}" is not a Lambda Node.js runtime identifier (nodejs<major>.x)`);
  return `node${m[1]}`;
}

/** AWS SDK clients left to the runtime's SDK (everything else, client-backup included, is bundled). */
export const RUNTIME_PROVIDED = [
  "@aws-sdk/client-dynamodb",
  "@aws-sdk/client-ec2",
  "@aws-sdk/client-efs",
  "@aws-sdk/client-rds",
  "@aws-sdk/client-s3",
];

/** The project's root: the nearest folder above this file with a package.json (works from bin/ too). */
export function projectRoot(from = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

const cache = new Map<string, string>();

/**
 * The bundle of `entry` (a path relative to the project root) as CommonJS text for `runtime`.
 * Deterministic for the same sources, so a preview shows no code change when there is none.
 */
export function bundleLambda(entry: string, runtime = LAMBDA_NODE_RUNTIME): string {
  const key = `${entry}\0${runtime}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const root = projectRoot();
  const result = buildSync({
    absWorkingDir: root,
    entryPoints: [path.join(root, entry)],
    bundle: true,
    write: false,
    platform: "node",
    format: "cjs",
    target: esbuildTargetFor(runtime),
    external: RUNTIME_PROVIDED,
    // About 540 KiB instead of 1.2 MiB with the Backup client inside; keepNames so that stack traces
    // in the logs still name real functions.
    minify: true,
    keepNames: true,
    sourcemap: false,
    legalComments: "none",
    logLevel: "silent",
  });
  if (result.errors.length > 0 || result.outputFiles.length !== 1) {
    throw new Error(`bundling ${entry} failed: ${result.errors.map((e) => e.text).join("; ")}`);
  }
  const code = result.outputFiles[0].text;
  cache.set(key, code);
  return code;
}
