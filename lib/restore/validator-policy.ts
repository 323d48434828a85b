/**
 * The restore validator's IAM role: who may assume it and what it may do. Least privilege: the
 * read actions it calls for the tested resource types (lib/restore/validator-access.ts), reporting
 * the result, the network interface actions a function in a VPC needs, and writing to its own log
 * group. No logs:CreateLogGroup: the program creates the log group (with a retention), and a role
 * that could create log groups could also write to groups without one. Pure.
 */
import {
  identityPolicyDocument,
  type IdentityPolicyDocument,
  type IdentityStatement,
  type TrustPolicyDocument,
} from "../recoverypolicies/document";
import type { RestoreTestType } from "./restore-testing";
import { validatorActions } from "./validator-access";

/** Inline policies of a role may total 10,240 characters (IAM and AWS STS quotas, "IAM object quotas"). */
export const ROLE_INLINE_POLICY_MAX_CHARS = 10_240;

/** Only the Lambda service may assume the role: it is the function's execution role and nothing else's. */
export function validatorTrustPolicy(): TrustPolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "LambdaOnly",
        Effect: "Allow",
        Principal: { Service: "lambda.amazonaws.com" },
        Action: "sts:AssumeRole",
      },
    ],
  };
}

// Network interface actions for a function attached to a VPC (AWS Lambda developer guide,
// "Giving Lambda functions access to resources in an Amazon VPC", execution role permissions; the
// same list as the managed policy AWSLambdaVPCAccessExecutionRole, without its logs actions).
// Describe* work only on "*"; the others are held to this account and region's EC2 resources, the
// form the Lambda guide gives for DeleteNetworkInterface: "arn:aws:ec2:<region>:<account>:*/*".
export const VPC_ENI_DESCRIBE_ACTIONS = ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"];
export const VPC_ENI_MANAGE_ACTIONS = [
  "ec2:AssignPrivateIpAddresses",
  "ec2:CreateNetworkInterface",
  "ec2:DeleteNetworkInterface",
  "ec2:UnassignPrivateIpAddresses",
];

export interface ValidatorPolicyArgs {
  partition: string;
  region: string;
  /** The IRE account: restored resources and the function's network interfaces live here. */
  accountId: string;
  /** The function's log group (arn:...:log-group:<name>, without the ":*" suffix). */
  logGroupArn: string;
  /** The restore test types the plan covers; checks of other types get no permission. */
  resourceTypes: readonly RestoreTestType[];
}

/** The statements that grant the validator's own calls, one per service, each on what it may touch. */
function callStatements(args: ValidatorPolicyArgs): IdentityStatement[] {
  const { partition, region, accountId } = args;
  const actions = validatorActions(args.resourceTypes);
  const of = (prefix: string) => actions.filter((a) => a.startsWith(`${prefix}:`));
  const out: IdentityStatement[] = [];
  const backup = of("backup");
  out.push({ Sid: "ReadRestoreJobsAndReportValidation", Effect: "Allow", Action: backup, Resource: "*" });
  const ec2 = of("ec2");
  if (ec2.length > 0) out.push({ Sid: "DescribeRestoredEc2Resources", Effect: "Allow", Action: ec2, Resource: "*" });
  const s3 = of("s3");
  if (s3.length > 0) {
    // Restored bucket names are chosen by AWS Backup, so the resource is any bucket, held to this
    // account's buckets by aws:ResourceAccount (IAM user guide, global condition context keys).
    out.push({
      Sid: "HeadRestoredBuckets",
      Effect: "Allow",
      Action: s3,
      Resource: `arn:${partition}:s3:::*`,
      Condition: { StringEquals: { "aws:ResourceAccount": accountId } },
    });
  }
  const dynamodb = of("dynamodb");
  if (dynamodb.length > 0) {
    out.push({
      Sid: "DescribeRestoredTables",
      Effect: "Allow",
      Action: dynamodb,
      Resource: `arn:${partition}:dynamodb:${region}:${accountId}:table/*`,
    });
  }
  // Restored databases and file systems get names AWS Backup chooses, so the resource is every
  // DB instance, DB cluster or file system of this account and region (ARN formats from the Service
  // Authorization Reference: db:<id>, cluster:<id>, file-system/<id>).
  const rds = of("rds");
  if (rds.length > 0) {
    const resources = [
      ...(rds.includes("rds:DescribeDBInstances") ? [`arn:${partition}:rds:${region}:${accountId}:db:*`] : []),
      ...(rds.includes("rds:DescribeDBClusters") ? [`arn:${partition}:rds:${region}:${accountId}:cluster:*`] : []),
    ];
    out.push({ Sid: "DescribeRestoredDatabases", Effect: "Allow", Action: rds, Resource: resources });
  }
  const efs = of("elasticfilesystem");
  if (efs.length > 0) {
    out.push({
      Sid: "DescribeRestoredFileSystems",
      Effect: "Allow",
      Action: efs,
      Resource: `arn:${partition}:elasticfilesystem:${region}:${accountId}:file-system/*`,
    });
  }
  return out;
}

export function validatorRolePolicy(args: ValidatorPolicyArgs): IdentityPolicyDocument {
  const { partition, region, accountId } = args;
  return identityPolicyDocument([
    ...callStatements(args),
    { Sid: "DescribeVpcNetworkInterfaces", Effect: "Allow", Action: VPC_ENI_DESCRIBE_ACTIONS, Resource: "*" },
    {
      Sid: "ManageVpcNetworkInterfaces",
      Effect: "Allow",
      Action: VPC_ENI_MANAGE_ACTIONS,
      Resource: `arn:${partition}:ec2:${region}:${accountId}:*/*`,
    },
    {
      // Log streams are arn:...:log-group:<name>:log-stream:<stream>, hence the ":*" (CloudWatch
      // Logs user guide, "CloudWatch Logs permissions reference").
      Sid: "WriteOwnLogGroup",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${args.logGroupArn}:*`,
    },
  ]);
}
