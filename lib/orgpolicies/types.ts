/** IAM-style policy documents as typed objects: serialised with JSON.stringify, never templated. */

export const POLICY_VERSION = "2012-10-17";

export type ConditionBlock = Record<string, Record<string, string | string[]>>;

export interface Statement {
  Sid: string;
  Effect: "Deny";
  /** RCPs require Principal "*"; SCPs must not carry a Principal. */
  Principal?: "*";
  Action: string[];
  Resource: "*";
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version: typeof POLICY_VERSION;
  Statement: Statement[];
}

/** Organizations policy types this project creates; `aws.organizations.Policy.type` is a plain string. */
export type OrgPolicyType = "SERVICE_CONTROL_POLICY" | "RESOURCE_CONTROL_POLICY" | "BACKUP_POLICY";
export const ORG_POLICY_TYPES: readonly OrgPolicyType[] = [
  "SERVICE_CONTROL_POLICY",
  "RESOURCE_CONTROL_POLICY",
  "BACKUP_POLICY",
];

export function document(statements: Statement[]): PolicyDocument {
  return { Version: POLICY_VERSION, Statement: statements };
}
