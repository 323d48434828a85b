/**
 * The one shared helper that builds policy arguments the way the Pulumi engine's analyzer does
 * (see @pulumi/policy's server.js: makeAnalyzeRpcFun / makeAnalyzeStackRpcFun): type, props
 * (inputs, secrets unwrapped), urn, name, opts {protect, ignoreChanges, aliases, customTimeouts,
 * additionalSecretOutputs, parent}, provider {type, name, urn, props}, stackTags, getConfig,
 * notApplicable; and for stacks, resources whose parent, dependencies and propertyDependencies are
 * the other resource objects. It never constructs a PolicyPack (that would start a gRPC server).
 */
import type {
  PolicyProviderResource,
  PolicyResource,
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { RecordedResource, StackRun } from "../harness/engine";
import { parseRole, type Role } from "../lib/roles";
import type { SharedConfig } from "../policypack/policies/config";

export const PROJECT = "isolation";

/** The example accounts of the project's Pulumi.<stack>.yaml files. */
export const ACCOUNTS = {
  management: "111111111111",
  recovery: "222222222222",
  ire: "333333333333",
  prod: ["444444444444"],
};

export const ACCOUNT_OF_ROLE: Record<Role, string> = {
  org: ACCOUNTS.management,
  recovery: ACCOUNTS.recovery,
  ire: ACCOUNTS.ire,
  prod: ACCOUNTS.prod[0],
};

/** The pack config the project's own stacks are audited with. */
export const PROJECT_CONFIG: SharedConfig = { accounts: ACCOUNTS };

export interface ResourceSpec {
  type: string;
  name: string;
  props?: Record<string, unknown>;
  /** Defaults to "recovery". */
  stack?: string;
  /** Given, or built from stack, parent and type the way the engine builds it. */
  urn?: string;
  /** URN of the parent resource. */
  parent?: string;
  /** Omitted: the stack's explicit account provider (for aws: types). null: no provider. */
  provider?: PolicyProviderResource | null;
  opts?: Partial<PolicyResourceOptions>;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
}

export function urnOf(stack: string, type: string, name: string, parentUrn?: string): string {
  let qualified = type;
  if (parentUrn) {
    const parentType = parentUrn.split("::")[2];
    if (parentType !== "pulumi:pulumi:Stack") qualified = `${parentType}$${type}`;
  }
  return `urn:pulumi:${stack}::${PROJECT}::${qualified}::${name}`;
}

/** The account provider components/provider.ts creates: allowedAccountIds JSON-encoded, as the engine sends it. */
export function accountProvider(stack: string, account?: string, name?: string): PolicyProviderResource {
  const role = parseRole(stack)?.role ?? "prod";
  const providerName = name ?? `${role}-account`;
  return {
    type: "pulumi:providers:aws",
    name: providerName,
    urn: urnOf(stack, "pulumi:providers:aws", providerName),
    props: { allowedAccountIds: JSON.stringify([account ?? ACCOUNT_OF_ROLE[role]]), region: "eu-west-1" },
  };
}

export class NotApplicable extends Error {
  constructor(readonly reason?: string) {
    super(reason ?? "not applicable");
  }
}

function optionsOf(spec: ResourceSpec): PolicyResourceOptions {
  return {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...(spec.parent ? { parent: spec.parent } : {}),
    ...spec.opts,
  };
}

function pulumiTypeOf(resourceClass: unknown): string | undefined {
  return (resourceClass as { __pulumiType?: string }).__pulumiType;
}

function normalise(spec: ResourceSpec): Required<Pick<ResourceSpec, "stack">> & ResourceSpec & { urn: string } {
  const stack = spec.stack ?? "recovery";
  const urn = spec.urn ?? urnOf(stack, spec.type, spec.name, spec.parent);
  return { ...spec, stack, urn };
}

function providerFor(spec: ResourceSpec & { stack: string }): PolicyProviderResource | undefined {
  if (spec.provider === null) return undefined;
  if (spec.provider) return spec.provider;
  return spec.type.startsWith("aws:") ? accountProvider(spec.stack) : undefined;
}

function throwNotApplicable(reason?: string): never {
  throw new NotApplicable(reason);
}

/** ResourceValidationArgs for one resource; `config` is what getConfig returns (the shared block). */
export function resourceArgs(
  input: ResourceSpec,
  config: object = PROJECT_CONFIG,
  stackTags: Map<string, string> = new Map(),
): ResourceValidationArgs {
  const spec = normalise(input);
  const props = spec.props ?? {};
  const args: ResourceValidationArgs = {
    type: spec.type,
    props,
    urn: spec.urn,
    name: spec.name,
    opts: optionsOf(spec),
    stackTags: stackTags,
    isType: (cls) => pulumiTypeOf(cls) === spec.type,
    asType: ((cls: unknown) =>
      pulumiTypeOf(cls) === spec.type ? props : undefined) as ResourceValidationArgs["asType"],
    getConfig: <T extends object>() => ({ ...config }) as T,
    notApplicable: throwNotApplicable,
  };
  const provider = providerFor(spec);
  if (provider) args.provider = provider;
  return args;
}

/** StackValidationArgs for a set of resources, linked by URN the way the engine links them. */
export function stackArgs(
  inputs: readonly ResourceSpec[],
  config: object = PROJECT_CONFIG,
  stackTags: Map<string, string> = new Map(),
): StackValidationArgs {
  const specs = inputs.map(normalise);
  const byUrn = new Map<string, PolicyResource>();
  const resources: PolicyResource[] = specs.map((spec) => {
    const props = spec.props ?? {};
    const r: PolicyResource = {
      type: spec.type,
      props,
      urn: spec.urn,
      name: spec.name,
      opts: optionsOf(spec),
      dependencies: [],
      propertyDependencies: {},
      isType: (cls) => pulumiTypeOf(cls) === spec.type,
      asType: ((cls: unknown) => (pulumiTypeOf(cls) === spec.type ? props : undefined)) as PolicyResource["asType"],
    };
    const provider = providerFor(spec);
    if (provider) r.provider = provider;
    byUrn.set(spec.urn, r);
    return r;
  });
  specs.forEach((spec, i) => {
    const r = resources[i];
    if (spec.parent && byUrn.has(spec.parent)) r.parent = byUrn.get(spec.parent);
    r.dependencies = (spec.dependencies ?? []).map((u) => byUrn.get(u)).filter((d): d is PolicyResource => !!d);
    for (const [key, urns] of Object.entries(spec.propertyDependencies ?? {})) {
      r.propertyDependencies[key] = urns.map((u) => byUrn.get(u)).filter((d): d is PolicyResource => !!d);
    }
  });
  return {
    resources,
    stackTags: stackTags,
    getConfig: <T extends object>() => ({ ...config }) as T,
    notApplicable: throwNotApplicable,
  };
}

export interface Violation {
  message: string;
  urn?: string;
}

export interface Outcome {
  violations: Violation[];
  notApplicable?: string;
}

function collector(out: Violation[], defaultUrn?: string): ReportViolation {
  return (message: string, urn?: string) => out.push({ message, urn: urn ?? defaultUrn });
}

/** Runs a resource policy on one resource and collects its reports. */
export async function runResource(
  policy: ResourceValidationPolicy,
  spec: ResourceSpec | ResourceValidationArgs,
  config?: object,
): Promise<Outcome> {
  const args = "getConfig" in spec ? spec : resourceArgs(spec, config);
  const violations: Violation[] = [];
  const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
  try {
    for (const v of validations) if (v) await v(args, collector(violations, args.urn));
  } catch (e) {
    if (e instanceof NotApplicable) return { violations, notApplicable: e.reason };
    throw e;
  }
  return { violations };
}

/** Runs a stack policy on a set of resources and collects its reports. */
export async function runStack(
  policy: StackValidationPolicy,
  specs: readonly ResourceSpec[] | StackValidationArgs,
  config?: object,
): Promise<Outcome> {
  const args = "getConfig" in specs ? specs : stackArgs(specs, config);
  const violations: Violation[] = [];
  try {
    await policy.validateStack(args, collector(violations));
  } catch (e) {
    if (e instanceof NotApplicable) return { violations, notApplicable: e.reason };
    throw e;
  }
  return { violations };
}

/** Runs any policy of the pack over a whole stack: each resource, then the stack, as the engine does. */
export async function runPolicyOnStack(
  policy: ResourceValidationPolicy | StackValidationPolicy,
  specs: readonly ResourceSpec[],
  config?: object,
): Promise<Violation[]> {
  const out: Violation[] = [];
  if ("validateResource" in policy && policy.validateResource) {
    for (const spec of specs) out.push(...(await runResource(policy, spec, config)).violations);
  }
  if ("validateStack" in policy && typeof policy.validateStack === "function") {
    out.push(...(await runStack(policy, specs, config)).violations);
  }
  return out;
}

const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const RESOURCE_REF_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

/** Removes the engine's secret wrappers (the analyzer hands policies plain values). */
export function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (o[SIG_KEY] === SECRET_SIG) return unwrapSecrets(o.value);
    if (o[SIG_KEY] === RESOURCE_REF_SIG) return o.id ?? o.urn;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = unwrapSecrets(v);
    return out;
  }
  return value;
}

/** Policy specs for every resource a mock-engine run recorded: props = inputs, options and provider as the engine passes them. */
export function specsFromRun(run: StackRun): ResourceSpec[] {
  const byUrn = new Map<string, RecordedResource>(run.resources.map((r) => [r.urn, r]));
  return run.resources.map((r) => {
    const providerUrn = r.provider ? r.provider.split("::").slice(0, -1).join("::") : undefined;
    const p = providerUrn ? byUrn.get(providerUrn) : undefined;
    const provider: PolicyProviderResource | null = p
      ? { type: p.type, name: p.name, urn: p.urn, props: unwrapSecrets(p.inputs) as Record<string, unknown> }
      : providerUrn
        ? { type: providerUrn.split("::")[2], name: providerUrn.split("::")[3], urn: providerUrn, props: {} }
        : null;
    // Read resources (stack references) are shown to policies with their state.
    const props = (r.external ? { ...r.outputs, ...r.inputs } : r.inputs) as Record<string, unknown>;
    return {
      type: r.type,
      name: r.name,
      urn: r.urn,
      stack: run.stack,
      parent: r.parent,
      props: unwrapSecrets(props) as Record<string, unknown>,
      provider,
      opts: { protect: r.protect, ignoreChanges: r.ignoreChanges },
      dependencies: r.dependencies,
      propertyDependencies: r.propertyDependencies,
    };
  });
}
