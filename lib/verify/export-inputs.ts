/**
 * Reading the values verify needs out of a stack export: resource inputs (secrets included, when the
 * export carries their plaintext), the account the stack's provider is pinned to, and the region
 * each resource lives in.
 */
import { decodeJson } from "../json";
import { ResourceV3, SECRET_SIG, SIG_KEY, StackExport } from "../stack-export";
import { T } from "../../policypack/policies/types";
import { VerifyInputError } from "./types";

/** The resources verify looks at: those the deployment still holds (not pending deletion). */
export function liveResources(exported: StackExport): ResourceV3[] {
  return (exported.deployment.resources ?? []).filter((r) => !r.delete);
}

/** `urn:pulumi:stack::project::type::name` -> `name`. */
export function nameOfUrn(urn: string): string {
  return urn.split("::").slice(3).join("::");
}

/**
 * An input of a resource, with the state's secret envelope opened. `pulumi stack export
 * --show-secrets` writes secrets as `{sig, plaintext: "<JSON>"}`; without that flag they are
 * `{sig, ciphertext}`, which verify cannot compare with anything, so it says so rather than guess.
 */
export function inputOf(r: ResourceV3, key: string, file: string): unknown {
  return openSecret(r.inputs?.[key], `${file}: ${r.urn}: input "${key}"`);
}

function openSecret(value: unknown, where: string): unknown {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    if (obj[SIG_KEY] === SECRET_SIG) {
      if (typeof obj.plaintext === "string") return JSON.parse(obj.plaintext);
      throw new VerifyInputError(
        `${where} is encrypted in the export; expected its plaintext (export the stack with \`pulumi stack export --show-secrets\`)`,
      );
    }
  }
  return value;
}

export function stringInput(r: ResourceV3, key: string, file: string): string | undefined {
  const v = inputOf(r, key, file);
  return typeof v === "string" && v.length > 0 ? v : undefined;
}

/** Numbers arrive as numbers from the engine, but tolerate numeric strings (provider-style inputs). */
export function numberInput(r: ResourceV3, key: string, file: string): number | undefined {
  const v = inputOf(r, key, file);
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

/** `"urn::id"` (how a resource names its provider) -> the provider's URN. */
export function providerUrnOf(reference: string | undefined): string | undefined {
  if (!reference) return undefined;
  const i = reference.lastIndexOf("::");
  return i < 0 ? reference : reference.slice(0, i);
}

function awsProviders(exported: StackExport): ResourceV3[] {
  return liveResources(exported).filter((r) => r.type === T.awsProvider);
}

/**
 * The accounts the stack may run against: the explicit aws provider's `allowedAccountIds` (explicit
 * provider inputs are JSON-encoded strings in the state, hence decodeJson). With several pinned
 * providers the credentials must satisfy all of them. Throws when nothing pins an account: verify
 * then cannot tell whether the credentials point at the right account.
 */
export function pinnedAccounts(exported: StackExport, file: string): string[] {
  let accounts: string[] | undefined;
  for (const p of awsProviders(exported)) {
    const raw = decodeJson(inputOf(p, "allowedAccountIds", file));
    if (raw === undefined || raw === null) continue;
    const list = Array.isArray(raw) ? raw : [raw];
    const ids = list.map(String);
    const bad = ids.find((id) => !/^\d{12}$/.test(id));
    if (bad !== undefined) {
      throw new VerifyInputError(
        `${file}: ${p.urn}: allowedAccountIds contains ${JSON.stringify(bad)}; expected 12-digit AWS account IDs`,
      );
    }
    accounts = accounts === undefined ? ids : accounts.filter((a) => ids.includes(a));
    if (accounts.length === 0) {
      throw new VerifyInputError(
        `${file}: the stack's aws providers pin disjoint accounts (allowedAccountIds); expected one account that every provider allows`,
      );
    }
  }
  if (accounts === undefined) {
    throw new VerifyInputError(
      `${file}: no aws provider in the export sets allowedAccountIds; expected the stack's explicit provider pinned to its account, which verify checks the credentials against`,
    );
  }
  return [...new Set(accounts)];
}

/**
 * Where each resource lives. A resource's own `region` input places it explicitly (the recovery
 * stack's second-region vault); otherwise it lives in its provider's region, which `--region`
 * replaces (@pulumi/aws 7: every resource takes an optional `region`, defaulting to the provider's).
 */
export class RegionResolver {
  private readonly providerRegions = new Map<string, string>();
  readonly defaultRegion: string;

  constructor(
    exported: StackExport,
    private readonly file: string,
    override?: string,
  ) {
    const providers = awsProviders(exported);
    for (const p of providers) {
      const region = override ?? stringInput(p, "region", file);
      if (region) this.providerRegions.set(p.urn, region);
    }
    const first = override ?? providers.map((p) => this.providerRegions.get(p.urn)).find((r) => r !== undefined);
    if (!first) {
      throw new VerifyInputError(
        `${file}: the stack's aws provider has no region input; pass --region with the region the stack is deployed in`,
      );
    }
    this.defaultRegion = first;
  }

  regionOf(r: ResourceV3): string {
    return (
      stringInput(r, "region", this.file) ??
      this.providerRegions.get(providerUrnOf(r.provider) ?? "") ??
      this.defaultRegion
    );
  }
}
