/**
 * The mock-engine harness, shared by the tests and the offline preview.
 *
 * It runs the program for one stack under `pulumi.runtime.setMocks`, answers stack references
 * from the referenced stacks' own (mock) outputs, and records every registered resource with the
 * options that `MockResourceArgs` leaves out (parent, provider, dependencies, protect,
 * retainOnDelete), by wrapping the mock monitor's RPC methods. URNs are built the way the engine
 * builds them: a top-level resource's type chain does not include the root stack's type.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as resproto from "@pulumi/pulumi/proto/resource_pb";
import { decodeJson } from "../lib/json";
import { mockAwsResource, ProviderInfo, uuidFrom } from "./mocks";

export const PROJECT = "isolation";
export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

export interface RecordedResource {
  urn: string;
  type: string;
  name: string;
  /** False for component resources (and the root stack). */
  custom: boolean;
  /** True for resources read rather than managed (stack references). */
  external: boolean;
  id?: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  parent?: string;
  /** `<provider urn>::<provider id>`, as the engine records it. */
  provider?: string;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  protect: boolean;
  retainOnDelete: boolean;
  ignoreChanges: string[];
  /** The `import` resource option: the ID of the existing cloud resource this one adopts. */
  importId?: string;
}

export interface StackRun {
  stack: string;
  project: string;
  /** In registration order; the root stack resource first. */
  resources: RecordedResource[];
  /** The stack's outputs, as other stacks read them. */
  outputs: Record<string, unknown>;
}

export interface RunOptions {
  stack: string;
  /** Raw config as Pulumi passes it: `namespace:key` -> string (structured values JSON-encoded). */
  config: Record<string, string>;
  /** Outputs of other stacks, by stack name, to answer stack references with. */
  references?: ReadonlyMap<string, Record<string, unknown>>;
  project?: string;
  organization?: string;
  /** Called for every resource as it is registered or read, also when the program later fails. */
  observe?: (resource: RecordedResource) => void;
}

type Callback<T> = (err: Error | null, resp: T | undefined) => void;

/** The methods of the SDK's MockMonitor that the harness wraps (it calls them with protobuf messages). */
interface MockMonitorMethods {
  newUrn(parent: string, type: string, name: string): string;
  registerResource(req: resproto.RegisterResourceRequest, cb: Callback<resproto.RegisterResourceResponse>): unknown;
  readResource(req: resproto.ReadResourceRequest, cb: Callback<resproto.ReadResourceResponse>): unknown;
  registerResourceOutputs(req: resproto.RegisterResourceOutputsRequest, cb: Callback<unknown>): unknown;
}

/** Struct-to-JS conversion keeps the engine's special signatures (secrets, resource refs). */
function structToJs(struct: { toJavaScript(): unknown } | undefined): Record<string, unknown> {
  return (struct?.toJavaScript() as Record<string, unknown>) ?? {};
}

/** Builds the URN the engine would give a resource (see resource.NewURN in the Pulumi engine). */
export function engineUrn(
  stack: string,
  project: string,
  parentUrn: string | undefined,
  type: string,
  name: string,
): string {
  let qualified = type;
  if (parentUrn) {
    const parentType = parentUrn.split("::")[2];
    if (parentType !== ROOT_STACK_TYPE) qualified = `${parentType}$${type}`;
  }
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** Runs `program` as stack `opts.stack` under mocks and returns everything it registered. */
export async function runProgram(opts: RunOptions, program: () => unknown): Promise<StackRun> {
  const project = opts.project ?? PROJECT;
  const { stack } = opts;
  const references = opts.references ?? new Map();
  const providers = new Map<string, ProviderInfo>();
  const recorded = new Map<string, RecordedResource>();
  const order: string[] = [];
  let pending = 0;
  let lastActivity = Promise.resolve();

  const providerInfo = (ref: string | undefined): ProviderInfo => {
    const urn = ref ? ref.split("::").slice(0, -1).join("::") : "";
    return providers.get(urn) ?? { accountId: "000000000000", region: "us-east-1" };
  };

  const mocks: pulumi.runtime.Mocks = {
    call: (args) => {
      // The program must call no data sources: they read AWS on every preview. The SDK reports
      // a failed invoke by the gRPC error's `details`, so the message goes there too.
      const message = `the program called the data source ${args.token}; use config instead`;
      throw Object.assign(new Error(message), { details: message });
    },
    newResource: (args) => {
      if (args.type === "pulumi:pulumi:StackReference") {
        const name = String(args.inputs.name ?? args.name);
        const short = name.split("/").pop() ?? name;
        const outputs = references.get(short) ?? references.get(name);
        if (!outputs) {
          throw new Error(
            `stack reference to "${name}": stack "${short}" has not been run (no outputs to answer with)`,
          );
        }
        return { id: name, state: { name, outputs, secretOutputNames: [] } };
      }
      const urn = engineUrn(stack, project, undefined, args.type, args.name);
      if (args.type.startsWith("pulumi:providers:")) {
        const allowed = decodeJson(args.inputs.allowedAccountIds);
        providers.set(urn, {
          accountId: Array.isArray(allowed) && typeof allowed[0] === "string" ? allowed[0] : "000000000000",
          region: typeof args.inputs.region === "string" ? args.inputs.region : "us-east-1",
        });
        return { id: uuidFrom(urn), state: args.inputs };
      }
      if (!args.custom) return { id: "", state: args.inputs };
      const created = mockAwsResource(args.type, args.name, urn, args.inputs, providerInfo(args.provider));
      // A resource adopted with the `import` option keeps the ID it was adopted by, as in a real import.
      return args.id ? { id: args.id, state: { ...created.state, id: args.id } } : created;
    },
  };

  await pulumi.runtime.setMocks(mocks, project, stack, false, opts.organization ?? "organization");
  pulumi.runtime.setAllConfig(opts.config);

  const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitorMethods;
  monitor.newUrn = (parent: string, type: string, name: string) =>
    engineUrn(stack, project, parent || undefined, type, name);

  const track = <R>(work: (done: () => void) => R): R => {
    pending++;
    let finished = false;
    const done = () => {
      if (!finished) {
        finished = true;
        pending--;
      }
    };
    return work(done);
  };

  const originalRegister = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) =>
    track((done) => {
      const activity = originalRegister(req, (err, resp) => {
        if (!err && resp) {
          const urn: string = resp.getUrn();
          const propertyDependencies: Record<string, string[]> = {};
          req.getPropertydependenciesMap().forEach((deps, key) => {
            propertyDependencies[key] = deps.getUrnsList();
          });
          const rec: RecordedResource = {
            urn,
            type: req.getType(),
            name: req.getName(),
            custom: req.getCustom(),
            external: false,
            id: req.getCustom() ? resp.getId() || undefined : undefined,
            inputs: structToJs(req.getObject()),
            outputs: structToJs(resp.getObject()),
            parent: req.getParent() || undefined,
            provider: req.getProvider() || undefined,
            dependencies: req.getDependenciesList(),
            propertyDependencies,
            protect: req.getProtect() === true,
            retainOnDelete: req.getRetainondelete() === true,
            ignoreChanges: req.getIgnorechangesList(),
            importId: req.getImportid() || undefined,
          };
          if (!recorded.has(urn)) order.push(urn);
          recorded.set(urn, rec);
          opts.observe?.(rec);
        }
        done();
        callback(err, resp);
      });
      lastActivity = Promise.resolve(activity).then(
        () => undefined,
        () => undefined,
      );
      return activity;
    });

  const originalRead = monitor.readResource.bind(monitor);
  monitor.readResource = (req, callback) =>
    track((done) =>
      originalRead(req, (err, resp) => {
        if (!err && resp) {
          const urn: string = resp.getUrn();
          const outputs = structToJs(resp.getProperties());
          const rec: RecordedResource = {
            urn,
            type: req.getType(),
            name: req.getName(),
            custom: true,
            external: true,
            id: req.getId(),
            inputs: structToJs(req.getProperties()),
            outputs,
            parent: req.getParent() || undefined,
            provider: req.getProvider() || undefined,
            dependencies: req.getDependenciesList(),
            propertyDependencies: {},
            protect: false,
            retainOnDelete: false,
            ignoreChanges: [],
          };
          if (!recorded.has(urn)) order.push(urn);
          recorded.set(urn, rec);
          opts.observe?.(rec);
        }
        done();
        callback(err, resp);
      }),
    );

  const originalOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req, callback) =>
    track((done) => {
      const rec = recorded.get(req.getUrn());
      if (rec) rec.outputs = structToJs(req.getOutputs());
      return originalOutputs(req, (err, resp) => {
        done();
        callback(err, resp);
      });
    });

  const errors: unknown[] = [];
  const onRejection = (reason: unknown) => errors.push(reason);
  process.on("unhandledRejection", onRejection);
  // Let every registration started by the program finish before reading the record.
  const settle = async () => {
    for (let idle = 0; idle < 3;) {
      await lastActivity;
      await new Promise((r) => setImmediate(r));
      idle = pending === 0 ? idle + 1 : 0;
    }
  };
  try {
    let outputs: Record<string, unknown> | undefined;
    try {
      outputs = (await pulumi.runtime.runInPulumiStack(async () => {
        const result = await Promise.resolve(program());
        return (result ?? {}) as Record<string, unknown>;
      })) as Record<string, unknown> | undefined;
    } finally {
      await settle();
    }
    if (errors.length > 0) throw errors[0];
    const resources = order.map((urn) => recorded.get(urn)!);
    return { stack, project, resources, outputs: unwrapOutputs(outputs ?? {}) };
  } finally {
    process.off("unhandledRejection", onRejection);
  }
}

/** Stack outputs come back with the engine's secret wrappers; other stacks read plain values. */
function unwrapOutputs(outputs: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(outputs)) as Record<string, unknown>;
}
