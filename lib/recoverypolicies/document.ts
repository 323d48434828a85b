/**
 * IAM-style policy documents as typed objects. Every resource policy of the recovery stack is
 * built from these and serialised with JSON.stringify: no data source (aws.iam.getPolicyDocument)
 * is called, so previews read nothing from AWS.
 */

export type Principal = "*" | { AWS?: string | string[]; Service?: string | string[] };

export type ConditionBlock = Record<string, Record<string, string | string[] | boolean>>;

export interface Statement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Principal: Principal;
  Action: string | string[];
  Resource: string | string[];
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: Statement[];
}

/** Duplicate Sids are rejected by several services (KMS, S3) and make reviews ambiguous. */
function assertUniqueSids(statements: readonly { Sid: string }[]): void {
  const sids = new Set<string>();
  for (const s of statements) {
    if (sids.has(s.Sid)) throw new Error(`policy statement Sid "${s.Sid}" is used twice`);
    sids.add(s.Sid);
  }
}

/** Refuses every request to the resource that is not made over TLS (aws:SecureTransport false). */
export function denyInsecureTransport(action: string, resource: string | string[]): Statement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: action,
    Resource: resource,
    Condition: { Bool: { "aws:SecureTransport": false } },
  };
}

export function policyDocument(statements: Statement[]): PolicyDocument {
  assertUniqueSids(statements);
  return { Version: "2012-10-17", Statement: statements };
}

/** Actions of a statement as a list. */
export function actionsOf(s: Statement): string[] {
  return Array.isArray(s.Action) ? s.Action : [s.Action];
}

/** AWS principals (ARNs or account IDs) a statement names; `*` for Principal "*" or {AWS: "*"}. */
export function awsPrincipalsOf(s: Statement): string[] {
  if (s.Principal === "*") return ["*"];
  const aws = s.Principal.AWS;
  return aws === undefined ? [] : Array.isArray(aws) ? aws : [aws];
}

export function servicePrincipalsOf(s: Statement): string[] {
  if (s.Principal === "*") return [];
  const svc = s.Principal.Service;
  return svc === undefined ? [] : Array.isArray(svc) ? svc : [svc];
}

/** The size AWS counts: the JSON without insignificant whitespace. */
export function policySize(doc: PolicyDocument): number {
  return JSON.stringify(doc).length;
}

/** Throws when a document exceeds a service's size limit (so that a preview fails, not the deploy). */
export function assertPolicySize(
  doc: PolicyDocument | IdentityPolicyDocument | TrustPolicyDocument,
  limit: number,
  what: string,
): string {
  const json = JSON.stringify(doc);
  if (json.length > limit) {
    throw new Error(`${what} is ${json.length} characters; the limit is ${limit}`);
  }
  return json;
}

/** A statement of a role's trust policy: no Resource (the role itself is the resource). */
export interface TrustStatement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Principal: Principal;
  Action: string | string[];
  Condition?: ConditionBlock;
}

export interface TrustPolicyDocument {
  Version: "2012-10-17";
  Statement: TrustStatement[];
}

/** A statement of an identity-based policy: no Principal (the role it is attached to is the principal). */
export interface IdentityStatement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Action: string | string[];
  Resource: string | string[];
  Condition?: ConditionBlock;
}

export interface IdentityPolicyDocument {
  Version: "2012-10-17";
  Statement: IdentityStatement[];
}

export function identityPolicyDocument(statements: IdentityStatement[]): IdentityPolicyDocument {
  assertUniqueSids(statements);
  return { Version: "2012-10-17", Statement: statements };
}
