/**
 * Restore testing in the IRE: which resource types it tests, how their restored copies are placed
 * in the private network, and the names AWS accepts. Pure functions.
 *
 * Sources: AWS Backup API reference, RestoreTestingPlanForCreate (Algorithm LATEST_WITHIN_WINDOW |
 * RANDOM_WITHIN_WINDOW; RecoveryPointTypes CONTINUOUS | SNAPSHOT; SelectionWindowDays 1-365;
 * StartWindowHours 1-168) and RestoreTestingSelectionForCreate (ProtectedResourceType Aurora,
 * DocumentDB, DynamoDB, EBS, EC2, EFS, FSx, Neptune, RDS, S3; names of letters, digits and '_',
 * at most 50; ProtectedResourceArns ["*"] or up to 30 ARNs); @pulumi/aws 7.48 documents
 * validationWindowHours 1-168. Overridable metadata keys: AWS Backup developer guide, "Restore
 * testing inferred metadata" (EC2 subnetId and securityGroupIds; EBS availabilityZone; keys are not
 * case sensitive; "AWS Backup can infer that a resource should be restored to the default setting,
 * such as an Amazon EC2 instance or Amazon RDS cluster restored to the default VPC").
 */

export const RESTORE_TEST_ALGORITHMS = ["LATEST_WITHIN_WINDOW", "RANDOM_WITHIN_WINDOW"] as const;
export type RestoreTestAlgorithm = (typeof RESTORE_TEST_ALGORITHMS)[number];

/** Every type AWS accepts in a restore testing selection. */
export const AWS_RESTORE_TEST_TYPES = [
  "Aurora",
  "DocumentDB",
  "DynamoDB",
  "EBS",
  "EC2",
  "EFS",
  "FSx",
  "Neptune",
  "RDS",
  "S3",
] as const;

/**
 * The types this program tests, and where each restored copy lands:
 * - EC2: in the first private subnet with the closed restore-target security group; EBS: in that
 *   subnet's AZ.
 * - RDS (a DB instance) and Aurora (a DB cluster): in a DB subnet group made of the IRE's private
 *   subnets, with the closed security group. Left to AWS's inference they would go to the default
 *   VPC (see above), which the IRE does not have.
 * - EFS: a new file system. A restore creates no mount target (StartRestoreJob's EFS metadata has
 *   no subnet or security group key: AWS Backup API reference, StartRestoreJob, Metadata), so it has
 *   no network interface anywhere; nothing to place.
 * - S3 and DynamoDB: a bucket or a table, no network interface.
 * Still refused: FSx (AWS Backup "is not able to infer a complete set of metadata" for it, and each
 * FSx flavour takes its own subnet and security group keys), and DocumentDB and Neptune (they would
 * take the same cluster placement as Aurora, but their rows of the inferred-metadata table could not
 * be confirmed, and the validator's DescribeDBClusters check has not been tried against them).
 */
export const SUPPORTED_RESTORE_TEST_TYPES = ["Aurora", "DynamoDB", "EBS", "EC2", "EFS", "RDS", "S3"] as const;
export type RestoreTestType = (typeof SUPPORTED_RESTORE_TEST_TYPES)[number];

export const DEFAULT_RESTORE_TEST_TYPES: RestoreTestType[] = ["EBS", "EC2", "S3"];

/** Restore testing plan and selection names: 1-50 letters, digits or '_'. */
export const RESTORE_TEST_NAME_PATTERN = /^[A-Za-z0-9_]{1,50}$/;

export const MAX_START_WINDOW_HOURS = 168;
export const MAX_VALIDATION_WINDOW_HOURS = 168;
export const MAX_SELECTION_WINDOW_DAYS = 365;

export interface Placement {
  /** The private subnets; restored instances go to the first. */
  subnetIds: string[];
  /** The AZ of the first subnet. */
  availabilityZone: string;
  /** The security group restored instances and databases get. */
  securityGroupId: string;
  /** The DB subnet group of the private subnets; set when RDS or Aurora is tested. */
  dbSubnetGroupName?: string;
}

/** The types restored into a DB subnet group. */
export const DATABASE_TYPES: readonly RestoreTestType[] = ["RDS", "Aurora"];

/** Whether restore tests of these types need the DB subnet group. */
export function needsDbSubnetGroup(types: readonly RestoreTestType[]): boolean {
  return types.some((t) => DATABASE_TYPES.includes(t));
}

/**
 * A DB subnet group needs subnets in at least two AZs (Amazon RDS user guide, "Working with a DB
 * instance in a VPC": "Each DB subnet group should have subnets in at least two Availability Zones
 * in a given AWS Region"); CreateDBSubnetGroup refuses fewer.
 */
export const DB_SUBNET_GROUP_MIN_AZS = 2;

/** Why these AZs cannot hold the DB subnet group, or undefined when they can. */
export function dbSubnetGroupProblem(availabilityZones: readonly string[]): string | undefined {
  const distinct = new Set(availabilityZones).size;
  if (distinct >= DB_SUBNET_GROUP_MIN_AZS) return undefined;
  return `at least ${DB_SUBNET_GROUP_MIN_AZS} availability zones: restored RDS and Aurora databases go into a DB subnet group, which needs subnets in ${DB_SUBNET_GROUP_MIN_AZS} AZs, and ${distinct === 1 ? "one was" : `${distinct} were`} given`;
}

/**
 * The DB subnet group's name, from the plan's: RDS accepts letters, digits, periods, underscores,
 * spaces and hyphens, at most 255, stores them in lower case and refuses "default" (Amazon RDS API
 * reference, CreateDBSubnetGroup DBSubnetGroupName). Named, not auto-named, so the selections' overrides
 * name it the same in every preview, and so a reader of the RDS console can tell what it is for.
 */
export function dbSubnetGroupNameFor(planName: string): string {
  if (!RESTORE_TEST_NAME_PATTERN.test(planName)) {
    throw new Error(`restore testing plan name "${planName}" is not 1 to 50 letters, digits or '_'`);
  }
  return `${planName.toLowerCase().replace(/_/g, "-")}-databases`;
}

/**
 * The DB subnet group's subnets: every private subnet of the IRE (one per AZ), so RDS may place a
 * restored instance or cluster in any of them and none is outside the private network.
 */
export function dbSubnetGroupSubnetIds(subnetIds: readonly string[]): string[] {
  if (new Set(subnetIds).size < DB_SUBNET_GROUP_MIN_AZS) {
    throw new Error(
      `a DB subnet group needs at least ${DB_SUBNET_GROUP_MIN_AZS} subnets in different AZs, got ${JSON.stringify(subnetIds)}`,
    );
  }
  return [...subnetIds];
}

/**
 * restoreMetadataOverrides for a type, or undefined when the type has no network placement.
 * List-valued metadata is a JSON array in a string, as GetRestoreJobMetadata returns it.
 *
 * RDS and Aurora: dbSubnetGroupName and vpcSecurityGroupIds, the keys of RestoreDBInstanceFromDBSnapshot
 * and RestoreDBClusterFromSnapshot that AWS Backup's restore metadata carries (AWS Backup developer
 * guide, "Restore testing inferred metadata", rows "Amazon RDS instances" and "Amazon RDS, Aurora,
 * Amazon DocumentDB, Amazon Neptune clusters"; public restore testing selections set exactly these).
 * publiclyAccessible is NOT set: it could not be confirmed as an overridable key, and an unknown key
 * risks the selection being refused. With a DB subnet group given and PubliclyAccessible unset, RDS
 * creates the instance private (Amazon RDS API reference, RestoreDBInstanceFromDBSnapshot,
 * PubliclyAccessible); whether AWS Backup instead passes on the source's value is not documented
 * where this could be checked. Either way nothing can reach it: the IRE's VPC has no internet
 * gateway (policy pack rule 7) and the restore-target security group admits nothing.
 */
export function restoreMetadataOverrides(type: RestoreTestType, p: Placement): Record<string, string> | undefined {
  switch (type) {
    case "EC2":
      return { subnetId: p.subnetIds[0], securityGroupIds: JSON.stringify([p.securityGroupId]) };
    case "EBS":
      return { availabilityZone: p.availabilityZone };
    case "RDS":
    case "Aurora":
      if (!p.dbSubnetGroupName) throw new Error(`${type} restore tests need the IRE's DB subnet group`);
      return { dbSubnetGroupName: p.dbSubnetGroupName, vpcSecurityGroupIds: JSON.stringify([p.securityGroupId]) };
    case "EFS":
    case "S3":
    case "DynamoDB":
      return undefined;
  }
}

/** Whether a type's restore needs placing in the private network (it has overrides). */
export function isPlaced(type: RestoreTestType): boolean {
  return type === "EC2" || type === "EBS" || DATABASE_TYPES.includes(type);
}

/** One selection per type; the name is unique in its plan. */
export function selectionName(type: RestoreTestType): string {
  return `isolation_${type.toLowerCase()}`;
}

/** arn:<partition>:backup:<region>:<account>:restore-testing-plan:<name>-<id> (Service Authorization Reference, AWS Backup). */
export function restoreTestingPlanArn(partition: string, region: string, account: string, nameAndId: string): string {
  return `arn:${partition}:backup:${region}:${account}:restore-testing-plan:${nameAndId}`;
}
