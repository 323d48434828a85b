/**
 * Turns a mock-engine run into a `pulumi stack export` file (version 3), written the way the CLI
 * writes one: false and empty fields left out, secrets in the engine's envelope, the root stack
 * first and every resource after its parent and provider (registration order guarantees that).
 */
import { createHash } from "crypto";
import { SECRET_SIG, SIG_KEY, StackExport, ResourceV3 } from "../lib/stack-export";
import type { RecordedResource, StackRun } from "./engine";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const SDK_VERSION: string = require("@pulumi/pulumi/package.json").version;

/**
 * Secrets come out of the mock monitor as `{sig, value}`; a state file holds them as
 * `{sig, plaintext: <JSON text>}` (what `pulumi stack export --show-secrets` prints).
 */
export function toStateValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toStateValue);
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (obj[SIG_KEY] === SECRET_SIG && "value" in obj) {
      return { [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(toStateValue(obj.value)) };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = toStateValue(v);
    return out;
  }
  return value;
}

function nonEmpty<T extends object>(value: T | undefined): T | undefined {
  if (value === undefined) return undefined;
  return Object.keys(value).length > 0 ? value : undefined;
}

export function toResourceV3(r: RecordedResource): ResourceV3 {
  const res: ResourceV3 = { urn: r.urn, custom: r.custom, type: r.type };
  if (r.id) res.id = r.id;
  const inputs = nonEmpty(toStateValue(r.inputs) as Record<string, unknown>);
  if (inputs && r.type !== "pulumi:pulumi:Stack") res.inputs = inputs;
  const outputs = nonEmpty(toStateValue(r.outputs) as Record<string, unknown>);
  if (outputs) res.outputs = outputs;
  if (r.parent) res.parent = r.parent;
  if (r.protect) res.protect = true;
  if (r.external) res.external = true;
  if (r.dependencies.length > 0) res.dependencies = [...r.dependencies];
  if (r.provider) res.provider = r.provider;
  const propDeps = Object.fromEntries(Object.entries(r.propertyDependencies).filter(([, deps]) => deps.length > 0));
  if (Object.keys(propDeps).length > 0) res.propertyDependencies = propDeps;
  if (r.retainOnDelete) res.retainOnDelete = true;
  if (r.ignoreChanges.length > 0) res.ignoreChanges = [...r.ignoreChanges];
  return res;
}

export function toStackExport(run: StackRun, time: Date = new Date()): StackExport {
  const version = `v${SDK_VERSION}`;
  return {
    version: 3,
    deployment: {
      manifest: {
        time: time.toISOString(),
        // The engine's magic is the SHA-256 of its version string (ManifestV1.Magic).
        magic: createHash("sha256").update(version).digest("hex"),
        version,
      },
      resources: run.resources.map(toResourceV3),
    },
  };
}
