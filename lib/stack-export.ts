/**
 * The `pulumi stack export` file format: an UntypedDeployment of version 3 holding a DeploymentV3
 * (field names and nesting from Pulumi's apitype package, sdk/go/common/apitype/core.go:
 * DeploymentV3, ResourceV3, ManifestV1). The offline preview writes it; the audit reads it, from
 * the preview or from a real deployed stack.
 */
import { z } from "zod";

const urn = z.string().regex(/^urn:pulumi:[^:]+::[^:]+::.+::.*$/, { error: "a Pulumi URN" });

/** Every field ResourceV3 defines; the CLI omits those that are false or empty (`omitempty`). */
export const resourceV3Fields = {
  urn,
  custom: z.boolean(),
  delete: z.boolean().optional(),
  id: z.string().optional(),
  type: z.string().min(1),
  inputs: z.record(z.string(), z.unknown()).optional(),
  outputs: z.record(z.string(), z.unknown()).optional(),
  parent: urn.optional(),
  protect: z.boolean().optional(),
  external: z.boolean().optional(),
  dependencies: z.array(urn).optional(),
  initErrors: z.array(z.string()).optional(),
  provider: z.string().optional(),
  propertyDependencies: z.record(z.string(), z.array(urn)).optional(),
  pendingReplacement: z.boolean().optional(),
  additionalSecretOutputs: z.array(z.string()).optional(),
  aliases: z.array(urn).optional(),
  customTimeouts: z.record(z.string(), z.unknown()).optional(),
  importID: z.string().optional(),
  retainOnDelete: z.boolean().optional(),
  deletedWith: urn.optional(),
  created: z.string().optional(),
  modified: z.string().optional(),
  sourcePosition: z.string().optional(),
  ignoreChanges: z.array(z.string()).optional(),
  replaceOnChanges: z.array(z.string()).optional(),
};

/** Lenient: what a real export from any recent CLI satisfies (newer fields are tolerated). */
export const resourceV3 = z.object(resourceV3Fields);

export const manifestV1 = z.object({
  time: z.string(),
  magic: z.string(),
  version: z.string(),
  plugins: z.array(z.object({ name: z.string(), path: z.string(), type: z.string(), version: z.string() })).optional(),
});

export const deploymentV3 = z.object({
  manifest: manifestV1,
  secrets_providers: z.object({ type: z.string(), state: z.unknown().optional() }).optional(),
  resources: z.array(resourceV3).optional(),
  pending_operations: z.array(z.object({ resource: resourceV3, type: z.string() })).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

export const stackExport = z.object({ version: z.literal(3), deployment: deploymentV3 });

export type ResourceV3 = z.infer<typeof resourceV3>;
export type DeploymentV3 = z.infer<typeof deploymentV3>;
export type StackExport = z.infer<typeof stackExport>;

/** The engine's signature keys for special values inside inputs and outputs. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_REF_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

/** The stack name in a URN: `urn:pulumi:<stack>::<project>::...`. */
export function stackOfUrn(u: string): string {
  return u.slice("urn:pulumi:".length).split("::")[0];
}

/**
 * Parses a stack export, saying precisely what is wrong when it is not one (the audit exits 2 on
 * such input). `source` names the file for messages.
 */
export function parseStackExport(text: string, source: string): StackExport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not valid JSON (${(e as Error).message}); expected a \`pulumi stack export\` file`);
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (version !== 3) {
    throw new Error(
      `${source}: deployment version ${JSON.stringify(version)}; expected a \`pulumi stack export\` file of version 3`,
    );
  }
  const result = stackExport.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(
      `${source}: not a \`pulumi stack export\` file: ${issue.path.join(".") || "(top level)"}: ${issue.message}`,
    );
  }
  if (!result.data.deployment.resources || result.data.deployment.resources.length === 0) {
    throw new Error(
      `${source}: the deployment has no resources; expected an exported stack with at least its root stack`,
    );
  }
  return result.data;
}
