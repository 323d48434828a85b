/**
 * Partitions, regions and ARNs. Pure functions: the program calls no data source
 * (`aws.getPartition`, `getCallerIdentity`, ...), so everything is derived from config.
 */

/** AWS region names: `eu-west-1`, `us-gov-west-1`, `cn-north-1`, `ap-southeast-5`, `us-isob-east-1`. */
export const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

/** The ARN partition a region belongs to (IAM docs, "ARN format": aws, aws-cn, aws-us-gov, ...). */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("us-isob-")) return "aws-iso-b";
  if (region.startsWith("us-iso-")) return "aws-iso";
  return "aws";
}

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

const ARN_PATTERN = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws|)?:(.+)$/;

export function parseArn(arn: string): ParsedArn | undefined {
  const m = ARN_PATTERN.exec(arn);
  if (!m) return undefined;
  return { partition: m[1], service: m[2], region: m[3], account: m[4] ?? "", resource: m[5] };
}

export function iamRoleArn(partition: string, account: string, roleName: string): string {
  return `arn:${partition}:iam::${account}:role/${roleName}`;
}
