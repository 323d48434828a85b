/**
 * Resource control policies for the recovery and IRE OUs. AWS's rules (AWS Organizations user
 * guide, "RCP syntax"; IAM Access Analyzer checks RCP_SYNTAX_ERROR_*): Effect must be Deny (Allow
 * only in the AWS-managed RCPFullAWSAccess), Principal must be "*", NotPrincipal and NotAction are
 * not supported, Action may not be a bare "*". RCPs apply to S3, STS, KMS, SQS and Secrets
 * Manager, never to resources of the management account, and not to service-linked roles.
 * Calls made by AWS services themselves carry no organization ID, so the identity statement
 * excludes them with `aws:PrincipalIsAWSService` (aws-samples/data-perimeter-policy-examples,
 * identity_perimeter_rcp.json).
 */
import { RCP_PERIMETER_ACTIONS, RCP_TLS_ACTIONS } from "./actions";
import { document, PolicyDocument, Statement } from "./types";

export interface RcpArgs {
  organizationId: string;
  /**
   * Org path of the workloads OU, for the IRE: production identities may not touch IRE resources
   * (no trust towards production, in either direction). Omitted for the recovery OU, which
   * receives copies from production through AWS Backup.
   */
  denyPrincipalsUnderOrgPath?: string;
}

export function dataPerimeterRcp(args: RcpArgs): PolicyDocument {
  const statements: Statement[] = [
    {
      Sid: "DenyOutsideOrganization",
      Effect: "Deny",
      Principal: "*",
      Action: [...RCP_PERIMETER_ACTIONS],
      Resource: "*",
      Condition: {
        StringNotEqualsIfExists: { "aws:PrincipalOrgID": args.organizationId },
        BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
      },
    },
    {
      Sid: "DenyWithoutTls",
      Effect: "Deny",
      Principal: "*",
      Action: [...RCP_TLS_ACTIONS],
      Resource: "*",
      Condition: { BoolIfExists: { "aws:SecureTransport": "false" } },
    },
  ];
  if (args.denyPrincipalsUnderOrgPath) {
    statements.push({
      Sid: "DenyProductionIdentities",
      Effect: "Deny",
      Principal: "*",
      Action: [...RCP_PERIMETER_ACTIONS],
      Resource: "*",
      Condition: { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": [`${args.denyPrincipalsUnderOrgPath}*`] } },
    });
  }
  return document(statements);
}
