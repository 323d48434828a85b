/**
 * What the engine sends an analyzer for a stack's resources, computed from a `pulumi stack export`
 * file. It follows the CLI's own analysis of a stored snapshot (pulumi/pulumi
 * pkg/resource/deploy/analyze_snapshot.go `AnalyzeSnapshot` and `stateToAnalyzerResource`):
 *
 * - every resource not marked `delete` is sent to Analyze with its *inputs* (what a deployment's
 *   step generator sends, step_generator.go), and to AnalyzeStack with its *outputs*, the root
 *   stack and the providers included, as the engine includes them;
 * - options carry protect, ignoreChanges, additionalSecretOutputs, aliases, customTimeouts and
 *   parent; deleteBeforeReplace is not in the state, so it is sent as "not defined";
 * - the provider reference `<urn>::<id>` is resolved to the provider resource in the same file,
 *   whose *inputs* become the provider's properties;
 * - AnalyzeStack resources also carry parent, dependencies and property dependencies (empty
 *   lists dropped, as analyzer_plugin.go drops them).
 *
 * Pure functions: the protobuf messages are built from these plain objects in `toAnalyzeRequest`
 * and `toAnalyzeStackRequest`.
 */
import type * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import type { ResourceV3, StackExport } from "../stack-export";
import { nameOfUrn } from "../summary";
import { toWireProperties, WireValue } from "./properties";
import { proto } from "./proto";

export interface AnalyzerOptions {
  protect: boolean;
  ignoreChanges: string[];
  /** Undefined: not in the state, so "not defined" on the wire. */
  deleteBeforeReplace?: boolean;
  additionalSecretOutputs: string[];
  aliases: string[];
  customTimeouts: { create: number; update: number; delete: number };
  parent?: string;
}

export interface AnalyzerProvider {
  urn: string;
  type: string;
  name: string;
  properties: { [key: string]: WireValue };
}

export interface AnalyzerInput {
  urn: string;
  type: string;
  name: string;
  properties: { [key: string]: WireValue };
  options: AnalyzerOptions;
  provider?: AnalyzerProvider;
}

export interface StackResourceInput extends AnalyzerInput {
  parent?: string;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
}

/** `<provider urn>::<provider id>`: the URN is everything before the last `::`. */
export function providerUrnOf(reference: string): string {
  const i = reference.lastIndexOf("::");
  return i < 0 ? reference : reference.slice(0, i);
}

function seconds(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

function optionsOf(r: ResourceV3): AnalyzerOptions {
  const timeouts = r.customTimeouts ?? {};
  const options: AnalyzerOptions = {
    protect: r.protect ?? false,
    ignoreChanges: r.ignoreChanges ?? [],
    additionalSecretOutputs: r.additionalSecretOutputs ?? [],
    aliases: r.aliases ?? [],
    customTimeouts: {
      create: seconds(timeouts.create),
      update: seconds(timeouts.update),
      delete: seconds(timeouts.delete),
    },
  };
  if (r.parent) options.parent = r.parent;
  return options;
}

function live(exported: StackExport): ResourceV3[] {
  return (exported.deployment.resources ?? []).filter((r) => !r.delete);
}

function providerMap(resources: ResourceV3[]): Map<string, ResourceV3> {
  return new Map(resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.urn, r]));
}

function toInput(
  r: ResourceV3,
  properties: Record<string, unknown> | undefined,
  providers: Map<string, ResourceV3>,
): AnalyzerInput {
  const input: AnalyzerInput = {
    urn: r.urn,
    type: r.type,
    name: nameOfUrn(r.urn),
    properties: toWireProperties(properties),
    options: optionsOf(r),
  };
  const provider = r.provider ? providers.get(providerUrnOf(r.provider)) : undefined;
  if (provider) {
    input.provider = {
      urn: provider.urn,
      type: provider.type,
      name: nameOfUrn(provider.urn),
      properties: toWireProperties(provider.inputs),
    };
  }
  return input;
}

/** One Analyze call per resource, with its inputs. */
export function analyzeInputs(exported: StackExport): AnalyzerInput[] {
  const resources = live(exported);
  const providers = providerMap(resources);
  return resources.map((r) => toInput(r, r.inputs, providers));
}

/** The AnalyzeStack call's resources, with their outputs and their graph. */
export function stackInputs(exported: StackExport): StackResourceInput[] {
  const resources = live(exported);
  const providers = providerMap(resources);
  return resources.map((r) => {
    const propertyDependencies: Record<string, string[]> = {};
    for (const [key, deps] of Object.entries(r.propertyDependencies ?? {})) {
      if (deps.length > 0) propertyDependencies[key] = [...deps];
    }
    const res: StackResourceInput = {
      ...toInput(r, r.outputs, providers),
      dependencies: [...(r.dependencies ?? [])],
      propertyDependencies,
    };
    if (r.parent) res.parent = r.parent;
    return res;
  });
}

function optionsMessage(o: AnalyzerOptions): analyzerpb.AnalyzerResourceOptions {
  const { AnalyzerResourceOptions } = proto.analyzer;
  const timeouts = new AnalyzerResourceOptions.CustomTimeouts();
  timeouts.setCreate(o.customTimeouts.create);
  timeouts.setUpdate(o.customTimeouts.update);
  timeouts.setDelete(o.customTimeouts.delete);
  const msg = new AnalyzerResourceOptions();
  msg.setProtect(o.protect);
  msg.setIgnorechangesList(o.ignoreChanges);
  msg.setDeletebeforereplace(o.deleteBeforeReplace ?? false);
  msg.setDeletebeforereplacedefined(o.deleteBeforeReplace !== undefined);
  msg.setAdditionalsecretoutputsList(o.additionalSecretOutputs);
  msg.setAliasesList(o.aliases);
  msg.setCustomtimeouts(timeouts);
  msg.setParent(o.parent ?? "");
  return msg;
}

function providerMessage(p: AnalyzerProvider): analyzerpb.AnalyzerProviderResource {
  const msg = new proto.analyzer.AnalyzerProviderResource();
  msg.setUrn(p.urn);
  msg.setType(p.type);
  msg.setName(p.name);
  msg.setProperties(proto.Struct.fromJavaScript(p.properties));
  return msg;
}

/** The fields an AnalyzeRequest and an AnalyzeStack resource share, set the same way on both. */
function setResourceFields<M extends analyzerpb.AnalyzeRequest | analyzerpb.AnalyzerResource>(
  msg: M,
  input: AnalyzerInput,
): M {
  msg.setUrn(input.urn);
  msg.setType(input.type);
  msg.setName(input.name);
  msg.setProperties(proto.Struct.fromJavaScript(input.properties));
  msg.setOptions(optionsMessage(input.options));
  if (input.provider) msg.setProvider(providerMessage(input.provider));
  return msg;
}

export function toAnalyzeRequest(input: AnalyzerInput): analyzerpb.AnalyzeRequest {
  return setResourceFields(new proto.analyzer.AnalyzeRequest(), input);
}

export function toAnalyzeStackRequest(resources: StackResourceInput[]): analyzerpb.AnalyzeStackRequest {
  const msg = new proto.analyzer.AnalyzeStackRequest();
  msg.setResourcesList(
    resources.map((r) => {
      const res = setResourceFields(new proto.analyzer.AnalyzerResource(), r);
      res.setParent(r.parent ?? "");
      res.setDependenciesList(r.dependencies);
      const deps = res.getPropertydependenciesMap();
      for (const [key, urns] of Object.entries(r.propertyDependencies)) {
        const d = new proto.analyzer.AnalyzerPropertyDependencies();
        d.setUrnsList(urns);
        deps.set(key, d);
      }
      return res;
    }),
  );
  return msg;
}
