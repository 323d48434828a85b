/**
 * The audit bucket's policy: TLS only; CloudTrail writes its logs (AWS CloudTrail user guide,
 * "Amazon S3 bucket policy for CloudTrail": GetBucketAcl and PutObject under AWSLogs/, with
 * aws:SourceArn and bucket-owner-full-control); Backup Audit Manager writes its reports.
 */
import { denyInsecureTransport, policyDocument, PolicyDocument, Statement } from "./document";

/** S3 bucket policies are limited to 20 KB (Amazon S3 user guide, bucket policies). */
export const BUCKET_POLICY_MAX_CHARS = 20_480;

/** Where Backup Audit Manager's reports go inside the audit bucket. */
export const REPORTS_PREFIX = "backup-reports";

export interface AuditBucketPolicyArgs {
  bucketArn: string;
  /** The recovery account: its own trail's logs land under AWSLogs/<account>/. */
  accountId: string;
  /** Set for an organization trail: member accounts' logs land under AWSLogs/<organizationId>/. */
  organizationId?: string;
  /** ARNs the trail may have (see principals.trailArn). */
  trailArns: string[];
  reportsServiceLinkedRoleArn: string;
}

export function auditBucketPolicy(args: AuditBucketPolicyArgs): PolicyDocument {
  const logPrefixes = [`${args.bucketArn}/AWSLogs/${args.accountId}/*`];
  if (args.organizationId) logPrefixes.push(`${args.bucketArn}/AWSLogs/${args.organizationId}/*`);
  const statements: Statement[] = [
    denyInsecureTransport("s3:*", [args.bucketArn, `${args.bucketArn}/*`]),
    {
      Sid: "CloudTrailAclCheck",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:GetBucketAcl",
      Resource: args.bucketArn,
      Condition: { StringEquals: { "aws:SourceArn": args.trailArns } },
    },
    {
      Sid: "CloudTrailWrite",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: logPrefixes,
      Condition: {
        StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": args.trailArns },
      },
    },
    {
      Sid: "BackupAuditManagerReports",
      Effect: "Allow",
      Principal: { AWS: args.reportsServiceLinkedRoleArn },
      Action: "s3:PutObject",
      Resource: `${args.bucketArn}/${REPORTS_PREFIX}/*`,
      Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
    },
  ];
  return policyDocument(statements);
}
