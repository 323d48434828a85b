/**
 * The AWS SDK v3 clients verify and drill use, one per service and region, behind an interface so
 * that tests inject mocked clients (aws-sdk-client-mock) and nothing reaches the network. Each tool
 * takes only the clients it needs (`Pick<AwsClients, ...>`): verify never gets CloudTrail, and the
 * drill never gets S3 or Organizations.
 *
 * Credentials come from the SDK's default chain (AWS_PROFILE, environment, SSO, ...): verify
 * deliberately does not assume the stack's deploy role (the provider's assumeRoles), which can
 * write; it runs with whatever read-only identity the caller has, and checks that identity's
 * account against the stack's allowedAccountIds first.
 */
import { BackupClient } from "@aws-sdk/client-backup";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { KMSClient } from "@aws-sdk/client-kms";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";

export interface AwsClients {
  sts(region: string): STSClient;
  backup(region: string): BackupClient;
  kms(region: string): KMSClient;
  s3(region: string): S3Client;
  /**
   * Organizations has one endpoint per partition (the SDK's endpoint rules resolve any region to the
   * partition's global region, us-east-1 for `aws`); the stack's region is passed for the partition.
   */
  organizations(region: string): OrganizationsClient;
  /** Only the drill uses CloudTrail (its probes of the trail guardrails). */
  cloudtrail(region: string): CloudTrailClient;
}

/** Real SDK clients, created on first use and reused per region. */
export function sdkClients(): AwsClients {
  const cache = new Map<string, unknown>();
  const get = <C>(kind: string, region: string, make: () => C): C => {
    const k = `${kind}/${region}`;
    if (!cache.has(k)) cache.set(k, make());
    return cache.get(k) as C;
  };
  return {
    sts: (region) => get("sts", region, () => new STSClient({ region })),
    backup: (region) => get("backup", region, () => new BackupClient({ region })),
    kms: (region) => get("kms", region, () => new KMSClient({ region })),
    s3: (region) => get("s3", region, () => new S3Client({ region })),
    organizations: (region) => get("organizations", region, () => new OrganizationsClient({ region })),
    cloudtrail: (region) => get("cloudtrail", region, () => new CloudTrailClient({ region })),
  };
}
