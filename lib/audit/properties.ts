/**
 * State values (as a `pulumi stack export` file holds them) turned into the values the engine puts
 * on the wire to an analyzer: `MarshalProperties(props, {KeepUnknowns, KeepSecrets,
 * SkipInternalKeys})` in pulumi/pulumi sdk/go/common/resource/plugin/rpc.go, called from
 * analyzer_plugin.go for Analyze and AnalyzeStack.
 *
 * - Secrets: the state envelope `{sig, plaintext: "<JSON>"}` becomes the wire envelope
 *   `{sig, value}`. A secret stored as `ciphertext` (an export taken without --show-secrets) cannot
 *   be decrypted here; the engine would have decrypted it, so its value is sent as the engine's
 *   unknown sentinel: a policy that reads it gets the SDK's "can't run during preview" advisory
 *   instead of a wrong answer.
 * - Resource references: without KeepResources the engine sends the referenced ID, or the URN
 *   for a component (no ID).
 * - Keys starting with "__" (internal: `__defaults`, `__meta`) are skipped at every level.
 * - Assets and archives keep their signature objects: the policy SDK rebuilds them.
 */
import { RESOURCE_REF_SIG, SECRET_SIG, SIG_KEY } from "../stack-export";

/** The engine's sentinel for an unknown string (plugin.UnknownStringValue). */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type WireValue = null | boolean | number | string | WireValue[] | { [key: string]: WireValue };

function isInternalKey(key: string): boolean {
  return key.startsWith("__");
}

export function toWireValue(value: unknown): WireValue | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value === "boolean" || typeof value === "number" || typeof value === "string") {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((v) => toWireValue(v)).filter((v): v is WireValue => v !== undefined);
  }
  if (typeof value !== "object") return undefined;
  const obj = value as Record<string, unknown>;
  const sig = obj[SIG_KEY];
  if (sig === SECRET_SIG) {
    let inner: WireValue | undefined;
    if ("value" in obj) inner = toWireValue(obj.value);
    else if (typeof obj.plaintext === "string") inner = toWireValue(JSON.parse(obj.plaintext));
    else inner = UNKNOWN_STRING;
    return { [SIG_KEY]: SECRET_SIG, value: inner ?? null };
  }
  if (sig === RESOURCE_REF_SIG) {
    if (typeof obj.id === "string" && obj.id !== "") return obj.id;
    if ("id" in obj) return UNKNOWN_STRING;
    return typeof obj.urn === "string" ? obj.urn : null;
  }
  return toWireProperties(obj);
}

/** A property map (inputs or outputs) in wire form. */
export function toWireProperties(props: Record<string, unknown> | undefined): { [key: string]: WireValue } {
  const out: { [key: string]: WireValue } = {};
  for (const key of Object.keys(props ?? {}).sort()) {
    if (isInternalKey(key)) continue;
    const v = toWireValue(props![key]);
    if (v !== undefined) out[key] = v;
  }
  return out;
}
