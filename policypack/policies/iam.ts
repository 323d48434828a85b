/**
 * A tolerant reader of IAM policy documents (identity, resource, trust, key, vault, SCP and
 * endpoint policies all share the grammar). Policies reach the pack as JSON strings, sometimes as
 * objects; `Statement` may be one object or an array; Action, Resource and principal lists may be a
 * string or an array; `Principal` may be `"*"` or `{ AWS, Service, Federated, CanonicalUser }`.
 * (IAM User Guide, "IAM JSON policy element reference".)
 */

export interface Principals {
  /** `"*"` or `{ "AWS": "*" }`: anyone. */
  any: boolean;
  aws: string[];
  service: string[];
  federated: string[];
  canonical: string[];
}

/** Condition operator -> key -> values, with keys kept as written (compare them case-insensitively). */
export type Conditions = Record<string, Record<string, string[]>>;

export interface Statement {
  sid?: string;
  effect: "Allow" | "Deny";
  actions?: string[];
  notActions?: string[];
  principal?: Principals;
  notPrincipal?: Principals;
  resources?: string[];
  notResources?: string[];
  condition?: Conditions;
}

export type ParsedDocument = { ok: true; statements: Statement[] } | { ok: false; error: string };

function strings(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String);
  return [String(value)];
}

function principals(value: unknown): Principals | undefined {
  if (value === undefined || value === null) return undefined;
  const p: Principals = { any: false, aws: [], service: [], federated: [], canonical: [] };
  if (typeof value === "string") {
    p.any = value === "*";
    if (!p.any) p.aws.push(value);
    return p;
  }
  if (typeof value !== "object") return p;
  const o = value as Record<string, unknown>;
  p.aws = strings(o.AWS) ?? [];
  p.service = strings(o.Service) ?? [];
  p.federated = strings(o.Federated) ?? [];
  p.canonical = strings(o.CanonicalUser) ?? [];
  p.any = p.aws.includes("*");
  return p;
}

function conditions(value: unknown): Conditions | undefined {
  if (!value || typeof value !== "object") return undefined;
  const out: Conditions = {};
  for (const [op, block] of Object.entries(value as Record<string, unknown>)) {
    if (!block || typeof block !== "object") continue;
    out[op] = {};
    for (const [key, v] of Object.entries(block as Record<string, unknown>)) out[op][key] = strings(v) ?? [];
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Parses a policy document given as JSON text or as an already parsed object. */
export function parsePolicyDocument(input: unknown): ParsedDocument {
  let doc: unknown = input;
  if (typeof input === "string") {
    try {
      doc = JSON.parse(input);
    } catch (e) {
      return { ok: false, error: `not valid JSON (${(e as Error).message})` };
    }
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return { ok: false, error: "not a JSON object" };
  const raw = (doc as Record<string, unknown>).Statement;
  if (raw === undefined) return { ok: false, error: "no Statement element" };
  const list = Array.isArray(raw) ? raw : [raw];
  const statements: Statement[] = [];
  for (const s of list) {
    if (!s || typeof s !== "object") return { ok: false, error: "a Statement that is not an object" };
    const o = s as Record<string, unknown>;
    if (o.Effect !== "Allow" && o.Effect !== "Deny") {
      return { ok: false, error: `a Statement whose Effect is ${JSON.stringify(o.Effect)}, not Allow or Deny` };
    }
    statements.push({
      sid: typeof o.Sid === "string" ? o.Sid : undefined,
      effect: o.Effect,
      actions: strings(o.Action),
      notActions: strings(o.NotAction),
      principal: principals(o.Principal),
      notPrincipal: principals(o.NotPrincipal),
      resources: strings(o.Resource),
      notResources: strings(o.NotResource),
      condition: conditions(o.Condition),
    });
  }
  return { ok: true, statements };
}

const patternCache = new Map<string, RegExp>();

/** IAM wildcard matching: `*` any run, `?` one character, case-insensitive (actions are). */
export function wildcardMatches(pattern: string, value: string): boolean {
  let re = patternCache.get(pattern);
  if (!re) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    re = new RegExp(`^${body}$`, "i");
    patternCache.set(pattern, re);
  }
  return re.test(value);
}

/** True when the statement's Action / NotAction applies to `action`. */
export function statementCovers(s: Statement, action: string): boolean {
  if (s.actions) return s.actions.some((p) => wildcardMatches(p, action));
  if (s.notActions) return !s.notActions.some((p) => wildcardMatches(p, action));
  return false;
}

/** Account IDs named by principal entries: bare 12-digit IDs and the account field of ARNs. */
export function accountsOf(entries: readonly string[]): string[] {
  const out: string[] = [];
  for (const e of entries) {
    if (/^\d{12}$/.test(e)) out.push(e);
    else {
      const m = /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(e);
      if (m) out.push(m[1]);
    }
  }
  return out;
}

/** Every condition key in the statement, lower-cased, with the operator it appears under. */
export function conditionEntries(s: Statement): { op: string; key: string; values: string[] }[] {
  const out: { op: string; key: string; values: string[] }[] = [];
  for (const [op, block] of Object.entries(s.condition ?? {})) {
    for (const [key, values] of Object.entries(block)) out.push({ op, key: key.toLowerCase(), values });
  }
  return out;
}
