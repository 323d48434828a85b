/**
 * Scheduled restore tests in the IRE: a restore testing plan that picks recovery points from the
 * air-gapped vault shared by the recovery account (never "*": the IRE tests only what reaches the
 * bunker), one selection per resource type, and the role AWS Backup restores with. Restored
 * resources are placed in the private network through restoreMetadataOverrides, so a restore test
 * never lands in a default VPC.
 *
 * The DB subnet group that restored RDS instances and Aurora clusters go into is built here, not in
 * the private network component: it exists only for restore tests (and only when a database type is
 * tested), its lifetime is the selections', and the network stays the same whatever is tested.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { backupManagedPolicyArns } from "../lib/backup/service-role";
import {
  dbSubnetGroupNameFor,
  dbSubnetGroupSubnetIds,
  isPlaced,
  needsDbSubnetGroup,
  restoreMetadataOverrides,
  RestoreTestAlgorithm,
  RestoreTestType,
  selectionName,
} from "../lib/restore/restore-testing";
import { BackupServiceRole } from "./backup-service-role";
import { requireProvider } from "./provider";

export interface RestoreTestingArgs {
  /** The plan's name (1-50 letters, digits or '_'). */
  planName: string;
  /** cron(...) or rate(...). */
  scheduleExpression: string;
  algorithm: RestoreTestAlgorithm;
  /** How far back recovery points are picked from, 1-365 days. */
  selectionWindowDays: number;
  /** Hours after the scheduled time within which the test must start, 1-168. */
  startWindowHours: number;
  /** Hours a restored resource is kept for validation before AWS Backup deletes it, 1-168. */
  validationWindowHours: number;
  /** The vaults restore tests pick from: the recovery stack's air-gapped vault. */
  includeVaultArns: pulumi.Input<string>[];
  resourceTypes: RestoreTestType[];
  /** This (the IRE) account. */
  accountId: string;
  partition: string;
  /** Restore role name, optionally after a path. */
  roleName: string;
  /** Where restored resources go: the IRE's private subnets (one per AZ; RDS and Aurora need two AZs or more). */
  subnetIds: pulumi.Input<string[]>;
  /** The AZ of the first subnet (EBS volumes are restored there). */
  availabilityZone: string;
  securityGroupId: pulumi.Input<string>;
}

export class RestoreTesting extends pulumi.ComponentResource {
  readonly plan: aws.backup.RestoreTestingPlan;
  readonly planName: pulumi.Output<string>;
  readonly planArn: pulumi.Output<string>;
  readonly roleArn: pulumi.Output<string>;
  /** The DB subnet group restored databases go into, when RDS or Aurora is tested. */
  readonly dbSubnetGroup?: aws.rds.SubnetGroup;

  constructor(name: string, args: RestoreTestingArgs, opts?: pulumi.ComponentResourceOptions) {
    const provider = requireProvider("RestoreTesting", opts);
    super("isolation:ire:RestoreTesting", name, {}, opts);
    const child = { parent: this, provider };

    const policies = backupManagedPolicyArns(args.partition);
    const role = new BackupServiceRole(
      `${name}-role`,
      {
        roleName: args.roleName,
        accountId: args.accountId,
        description: "AWS Backup restore tests in the isolated restore environment",
        managedPolicyArns: {
          restores: policies.restores,
          ...(args.resourceTypes.includes("S3") ? { "s3-restore": policies.s3Restore } : {}),
        },
      },
      child,
    );

    this.plan = new aws.backup.RestoreTestingPlan(
      name,
      {
        name: args.planName,
        scheduleExpression: args.scheduleExpression,
        startWindowHours: args.startWindowHours,
        recoveryPointSelection: {
          algorithm: args.algorithm,
          includeVaults: args.includeVaultArns,
          // A copy of a continuous backup is a snapshot recovery point, and the air-gapped vault
          // receives only copies: CONTINUOUS would select nothing there.
          recoveryPointTypes: ["SNAPSHOT"],
          selectionWindowDays: args.selectionWindowDays,
        },
      },
      child,
    );

    if (needsDbSubnetGroup(args.resourceTypes)) {
      this.dbSubnetGroup = new aws.rds.SubnetGroup(
        `${name}-databases`,
        {
          name: dbSubnetGroupNameFor(args.planName),
          description: "Restore tests: RDS instances and Aurora clusters restored into the IRE's private subnets",
          subnetIds: pulumi.output(args.subnetIds).apply(dbSubnetGroupSubnetIds),
        },
        child,
      );
    }
    const dbSubnetGroupName = this.dbSubnetGroup?.name ?? pulumi.output(undefined);

    const placement = pulumi
      .all([pulumi.output(args.subnetIds), pulumi.output(args.securityGroupId), dbSubnetGroupName])
      .apply(([subnetIds, securityGroupId, dbSubnetGroupName]) => ({
        subnetIds,
        securityGroupId,
        availabilityZone: args.availabilityZone,
        ...(dbSubnetGroupName ? { dbSubnetGroupName } : {}),
      }));
    for (const type of args.resourceTypes) {
      new aws.backup.RestoreTestingSelection(
        `${name}-${type.toLowerCase()}`,
        {
          name: selectionName(type),
          restoreTestingPlanName: this.plan.name,
          protectedResourceType: type,
          // Every resource of the type among the included vaults' recovery points.
          protectedResourceArns: ["*"],
          iamRoleArn: role.arn,
          validationWindowHours: args.validationWindowHours,
          ...(isPlaced(type)
            ? { restoreMetadataOverrides: placement.apply((p) => restoreMetadataOverrides(type, p)!) }
            : {}),
        },
        { ...child, dependsOn: [role] },
      );
    }

    this.planName = this.plan.name;
    this.planArn = this.plan.arn;
    this.roleArn = role.arn;
    this.registerOutputs({
      planName: this.planName,
      planArn: this.planArn,
      roleArn: this.roleArn,
      dbSubnetGroupName: this.dbSubnetGroup?.name,
    });
  }
}
