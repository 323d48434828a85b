/**
 * An IAM role that AWS Backup assumes in this account, with AWS managed policies attached. The
 * production stack uses it for backups and restores (the role the organization backup policy
 * names), the IRE for restore tests.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { backupServiceTrustPolicy, splitRoleName } from "../lib/backup/service-role";
import { requireProvider } from "./provider";

export interface BackupServiceRoleArgs {
  /** The role's name, optionally after a path (`service-role/AWSBackupDefaultServiceRole`). */
  roleName: string;
  /** This account: the only one on whose behalf AWS Backup may assume the role. */
  accountId: string;
  /** AWS managed policy ARNs to attach, by a short logical name (`backup`, `restores`). */
  managedPolicyArns: Record<string, string>;
  /** Shown in the IAM console. */
  description: string;
}

export class BackupServiceRole extends pulumi.ComponentResource {
  readonly role: aws.iam.Role;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: BackupServiceRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    const provider = requireProvider("BackupServiceRole", opts);
    super("isolation:backup:BackupServiceRole", name, {}, opts);
    const child = { parent: this, provider };
    const { path, name: roleName } = splitRoleName(args.roleName);
    this.role = new aws.iam.Role(
      name,
      {
        name: roleName,
        path,
        description: args.description,
        assumeRolePolicy: JSON.stringify(backupServiceTrustPolicy(args.accountId)),
      },
      child,
    );
    for (const [key, policyArn] of Object.entries(args.managedPolicyArns)) {
      new aws.iam.RolePolicyAttachment(`${name}-${key}`, { role: this.role.name, policyArn }, child);
    }
    this.arn = this.role.arn;
    this.registerOutputs({ arn: this.arn });
  }
}
