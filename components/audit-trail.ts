/**
 * The audit trail: a multi-region CloudTrail trail (an organization trail when configured) with
 * log file validation, writing into a bucket of the recovery account that keeps every version
 * under S3 Object Lock in compliance mode, encrypted with the audit key, closed to the public and
 * to anything but TLS. Bucket, versioning and object-lock configuration are protected and retained
 * on delete: the trail is the evidence after an attack.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { auditBucketPolicy, BUCKET_POLICY_MAX_CHARS } from "../lib/recoverypolicies/bucket-policy";
import { assertPolicySize } from "../lib/recoverypolicies/document";
import { requireProvider } from "./provider";

export interface AuditTrailArgs {
  /** Globally unique bucket name. */
  bucketName: string;
  trailName: string;
  /** The audit key: SSE-KMS for the bucket and the trail's own log encryption. */
  kmsKeyArn: pulumi.Input<string>;
  /** Object Lock default retention, compliance mode. */
  objectLockDays: number;
  /** An organization trail logs every account of the organization. */
  organizationTrail: boolean;
  /** Needed for an organization trail's log prefix (AWSLogs/<organizationId>/). */
  organizationId?: pulumi.Input<string>;
  accountId: string;
  /** ARNs the trail may have, for the bucket policy's aws:SourceArn (the trail does not exist yet when it is checked). */
  trailArns: pulumi.Input<string[]>;
  reportsServiceLinkedRoleArn: string;
}

export class AuditTrail extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;
  readonly trail: aws.cloudtrail.Trail;
  readonly bucketName: pulumi.Output<string>;

  constructor(name: string, args: AuditTrailArgs, opts?: pulumi.ComponentResourceOptions) {
    const provider = requireProvider("AuditTrail", opts);
    super("isolation:recovery:AuditTrail", name, {}, opts);
    const child = { parent: this, provider };
    const stateful = { ...child, protect: true, retainOnDelete: true };

    // Object Lock can only be turned on when the bucket is created.
    this.bucket = new aws.s3.Bucket(
      name,
      { bucket: args.bucketName, objectLockEnabled: true, forceDestroy: false },
      stateful,
    );
    const versioning = new aws.s3.BucketVersioning(
      name,
      { bucket: this.bucket.id, versioningConfiguration: { status: "Enabled" } },
      stateful,
    );
    new aws.s3.BucketObjectLockConfiguration(
      name,
      {
        bucket: this.bucket.id,
        objectLockEnabled: "Enabled",
        rule: { defaultRetention: { mode: "COMPLIANCE", days: args.objectLockDays } },
      },
      { ...stateful, dependsOn: [versioning] },
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      name,
      {
        bucket: this.bucket.id,
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn },
            bucketKeyEnabled: true,
          },
        ],
      },
      child,
    );
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
      name,
      {
        bucket: this.bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      child,
    );
    new aws.s3.BucketOwnershipControls(
      name,
      { bucket: this.bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
      child,
    );
    const policy = new aws.s3.BucketPolicy(
      name,
      {
        bucket: this.bucket.id,
        policy: pulumi
          .all([this.bucket.arn, args.trailArns, args.organizationTrail ? args.organizationId : undefined])
          .apply(([bucketArn, trailArns, organizationId]) =>
            assertPolicySize(
              auditBucketPolicy({
                bucketArn,
                accountId: args.accountId,
                organizationId,
                trailArns,
                reportsServiceLinkedRoleArn: args.reportsServiceLinkedRoleArn,
              }),
              BUCKET_POLICY_MAX_CHARS,
              `${name} bucket policy`,
            ),
          ),
      },
      // A bucket policy that grants a service is not "public", but S3 evaluates the block first.
      { ...child, dependsOn: [publicAccess] },
    );

    this.trail = new aws.cloudtrail.Trail(
      name,
      {
        name: args.trailName,
        s3BucketName: this.bucket.id,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        isOrganizationTrail: args.organizationTrail,
        enableLogFileValidation: true,
        kmsKeyId: args.kmsKeyArn,
      },
      // CloudTrail checks the bucket policy when the trail is created.
      { ...child, dependsOn: [policy] },
    );
    this.bucketName = this.bucket.bucket;
    this.registerOutputs({ bucketName: this.bucketName, trailArn: this.trail.arn });
  }
}
