/**
 * A fake AWS for verify's tests, built with aws-sdk-client-mock: the state a healthy account holds
 * after `pulumi up` of the exported stacks, read straight from the export's resources (not through
 * lib/verify's own derivation, so the tests do not grade verify with its own reasoning), and answered
 * per region as AWS would. Each test breaks one thing and looks at what verify says.
 */
import {
  BackupClient,
  BackupServiceException,
  DescribeBackupVaultCommand,
  DescribeBackupVaultOutput,
  GetBackupVaultAccessPolicyCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-backup";
import {
  DescribeKeyCommand,
  GetKeyRotationStatusCommand,
  KeyMetadata,
  KMSClient,
  KMSServiceException,
  NotFoundException,
} from "@aws-sdk/client-kms";
import {
  AccessDeniedException,
  DescribePolicyCommand,
  ListTargetsForPolicyCommand,
  OrganizationsClient,
  PolicyNotFoundException,
  PolicyTargetSummary,
} from "@aws-sdk/client-organizations";
import {
  GetObjectLockConfigurationCommand,
  NoSuchBucket,
  ObjectLockConfiguration,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { decodeJson } from "../../lib/json";
import { ResourceV3, StackExport } from "../../lib/stack-export";
import { sdkClients, AwsClients } from "../../lib/verify/clients";

const DAY = 24 * 60 * 60 * 1000;

// The SDK warns once per process that its 2027 releases need Node 22; in test output that is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** What the fake needs of a client mock, whatever its client's types. */
interface Stub {
  calls(): { args: unknown[] }[];
  restore(): void;
}

function inputs(r: ResourceV3): Record<string, unknown> {
  return r.inputs ?? {};
}

/** An unmodeled service error, the way the SDK builds one from the error code in the response. */
function serviceError(
  Base: typeof BackupServiceException | typeof KMSServiceException | typeof S3ServiceException,
  name: string,
  status: number,
  message: string,
) {
  return new Base({ name, $fault: "client", $metadata: { httpStatusCode: status }, message });
}

const META = { $fault: "client" as const, $metadata: { httpStatusCode: 400 } };

export class FakeAws {
  account: string;
  arn: string;
  readonly vaults = new Map<string, DescribeBackupVaultOutput>();
  readonly vaultPolicies = new Map<string, string>();
  readonly keys = new Map<string, { meta: KeyMetadata; rotation: boolean }>();
  readonly objectLocks = new Map<string, ObjectLockConfiguration>();
  readonly buckets = new Set<string>();
  readonly orgPolicies = new Map<string, { type: string; content: string; name: string }>();
  readonly targets = new Map<string, PolicyTargetSummary[]>();
  /** Operations that answer AccessDenied. */
  readonly denied = new Set<string>();
  private readonly stubs: Stub[] = [];
  /** Region each command was sent to: `Command@region`. */
  readonly routed: string[] = [];

  constructor(account: string) {
    this.account = account;
    this.arn = `arn:aws:sts::${account}:assumed-role/IsolationVerifier/test`;
  }

  /** What AWS holds for these exported stacks after a healthy deploy, locks dated `lockedDaysAgo` before `now`. */
  static healthy(exports: StackExport[], now: Date, lockedDaysAgo = 10): FakeAws {
    const provider = exports[0].deployment.resources!.find((r) => r.type === "pulumi:providers:aws")!;
    const [account] = decodeJson(inputs(provider).allowedAccountIds) as string[];
    const fake = new FakeAws(account);
    for (const exported of exports) {
      const all = exported.deployment.resources ?? [];
      const providerRegion = (r: ResourceV3) => {
        const p = all.find((x) => r.provider?.startsWith(`${x.urn}::`));
        return String(inputs(r).region ?? (p ? inputs(p).region : undefined));
      };
      for (const r of all) {
        const i = inputs(r);
        const region = providerRegion(r);
        switch (r.type) {
          case "aws:backup/vault:Vault":
            fake.vaults.set(`${region}/${i.name}`, {
              BackupVaultName: String(i.name),
              BackupVaultArn: `arn:aws:backup:${region}:${account}:backup-vault:${i.name}`,
              VaultType: "BACKUP_VAULT",
              VaultState: "AVAILABLE",
              EncryptionKeyArn: String(i.kmsKeyArn),
              Locked: false,
            });
            break;
          case "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault":
            fake.vaults.set(`${region}/${i.name}`, {
              BackupVaultName: String(i.name),
              BackupVaultArn: `arn:aws:backup:${region}:${account}:backup-vault:${i.name}`,
              VaultType: "LOGICALLY_AIR_GAPPED_BACKUP_VAULT",
              VaultState: "AVAILABLE",
              Locked: true,
              MinRetentionDays: Number(i.minRetentionDays),
              MaxRetentionDays: Number(i.maxRetentionDays),
            });
            break;
          case "aws:kms/key:Key":
            fake.keys.set(`${region}/${r.id}`, {
              meta: { KeyId: r.id!, KeyState: "Enabled", Enabled: true, Description: String(i.description) },
              rotation: i.enableKeyRotation === true,
            });
            break;
          case "aws:s3/bucket:Bucket":
            fake.buckets.add(String(i.bucket));
            break;
          case "aws:organizations/policy:Policy":
            fake.orgPolicies.set(r.id!, { type: String(i.type), content: String(i.content), name: String(i.name) });
            break;
        }
      }
      // Locks, policies and attachments apply to what the loop above created.
      for (const r of all) {
        const i = inputs(r);
        const region = providerRegion(r);
        if (r.type === "aws:backup/vaultLockConfiguration:VaultLockConfiguration") {
          const v = fake.vaults.get(`${region}/${i.backupVaultName}`)!;
          Object.assign(v, {
            Locked: true,
            MinRetentionDays: Number(i.minRetentionDays),
            MaxRetentionDays: Number(i.maxRetentionDays),
            LockDate: new Date(now.getTime() - lockedDaysAgo * DAY),
          });
        } else if (r.type === "aws:backup/vaultPolicy:VaultPolicy") {
          fake.vaultPolicies.set(`${region}/${i.backupVaultName}`, String(i.policy));
        } else if (r.type === "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration") {
          const rule = i.rule as { defaultRetention: { days?: number; years?: number; mode: string } };
          fake.objectLocks.set(String(i.bucket), {
            ObjectLockEnabled: "Enabled",
            Rule: {
              DefaultRetention: {
                Mode: rule.defaultRetention.mode as "COMPLIANCE",
                Days: rule.defaultRetention.days,
                Years: rule.defaultRetention.years,
              },
            },
          });
        } else if (r.type === "aws:organizations/policyAttachment:PolicyAttachment") {
          const list = fake.targets.get(String(i.policyId)) ?? [];
          list.push({ TargetId: String(i.targetId), Name: `target ${i.targetId}`, Type: "ORGANIZATIONAL_UNIT" });
          fake.targets.set(String(i.policyId), list);
        }
      }
    }
    return fake;
  }

  vault(region: string, name: string): DescribeBackupVaultOutput {
    const v = this.vaults.get(`${region}/${name}`);
    if (!v) throw new Error(`test setup: no vault ${region}/${name}`);
    return v;
  }

  key(region: string, id: string): { meta: KeyMetadata; rotation: boolean } {
    const k = this.keys.get(`${region}/${id}`);
    if (!k) throw new Error(`test setup: no key ${region}/${id}`);
    return k;
  }

  private guard(op: string, region: string) {
    this.routed.push(`${op}@${region}`);
    if (this.denied.has(op)) {
      if (op === "DescribePolicy" || op === "ListTargetsForPolicy") {
        throw new AccessDeniedException({ ...META, message: `not authorized to perform: organizations:${op}` });
      }
      const Base = op.startsWith("GetObject")
        ? S3ServiceException
        : op.includes("Key")
          ? KMSServiceException
          : BackupServiceException;
      const name = Base === S3ServiceException ? "AccessDenied" : "AccessDeniedException";
      throw serviceError(Base, name, 403, `User: ${this.arn} is not authorized to perform: ${op}`);
    }
  }

  /** Mocks every SDK client class; returns real clients (whose `send` the mocks replace). */
  install(): AwsClients {
    const region = async (getClient: () => { config: { region: () => Promise<string> | string } }) =>
      String(await getClient().config.region());
    const sts = mockClient(STSClient);
    sts.on(GetCallerIdentityCommand).callsFake(async (_input, getClient) => {
      this.routed.push(`GetCallerIdentity@${await region(getClient)}`);
      return { Account: this.account, Arn: this.arn, UserId: "AROAEXAMPLE:test" };
    });
    const backup = mockClient(BackupClient);
    backup.on(DescribeBackupVaultCommand).callsFake(async (input, getClient) => {
      const r = await region(getClient);
      this.guard("DescribeBackupVault", r);
      const v = this.vaults.get(`${r}/${input.BackupVaultName}`);
      if (!v)
        throw new ResourceNotFoundException({ ...META, message: `Backup vault ${input.BackupVaultName} not found` });
      return v;
    });
    backup.on(GetBackupVaultAccessPolicyCommand).callsFake(async (input, getClient) => {
      const r = await region(getClient);
      this.guard("GetBackupVaultAccessPolicy", r);
      const policy = this.vaultPolicies.get(`${r}/${input.BackupVaultName}`);
      if (policy === undefined || !this.vaults.has(`${r}/${input.BackupVaultName}`)) {
        throw new ResourceNotFoundException({ ...META, message: "Backup vault policy not found" });
      }
      return { BackupVaultName: input.BackupVaultName, Policy: policy };
    });
    const kms = mockClient(KMSClient);
    kms.on(DescribeKeyCommand).callsFake(async (input, getClient) => {
      const r = await region(getClient);
      this.guard("DescribeKey", r);
      const k = this.keys.get(`${r}/${input.KeyId}`);
      if (!k) throw new NotFoundException({ ...META, message: `Key '${input.KeyId}' does not exist` });
      return { KeyMetadata: k.meta };
    });
    kms.on(GetKeyRotationStatusCommand).callsFake(async (input, getClient) => {
      const r = await region(getClient);
      this.guard("GetKeyRotationStatus", r);
      const k = this.keys.get(`${r}/${input.KeyId}`);
      if (!k) throw new NotFoundException({ ...META, message: `Key '${input.KeyId}' does not exist` });
      // AWS KMS API reference, GetKeyRotationStatus: a key pending deletion reports false.
      const pending = k.meta.KeyState === "PendingDeletion";
      return { KeyId: input.KeyId, KeyRotationEnabled: k.rotation && !pending, RotationPeriodInDays: 365 };
    });
    const s3 = mockClient(S3Client);
    s3.on(GetObjectLockConfigurationCommand).callsFake(async (input, getClient) => {
      this.guard("GetObjectLockConfiguration", await region(getClient));
      if (input.ExpectedBucketOwner !== undefined && input.ExpectedBucketOwner !== this.account) {
        throw serviceError(S3ServiceException, "AccessDenied", 403, "Access Denied");
      }
      if (!this.buckets.has(input.Bucket)) {
        throw new NoSuchBucket({ ...META, message: "The specified bucket does not exist" });
      }
      const config = this.objectLocks.get(input.Bucket);
      if (!config) {
        throw serviceError(
          S3ServiceException,
          "ObjectLockConfigurationNotFoundError",
          404,
          "Object Lock configuration does not exist for this bucket",
        );
      }
      return { ObjectLockConfiguration: config };
    });
    const org = mockClient(OrganizationsClient);
    org.on(DescribePolicyCommand).callsFake(async (input, getClient) => {
      this.guard("DescribePolicy", await region(getClient));
      const p = this.orgPolicies.get(input.PolicyId);
      if (!p) throw new PolicyNotFoundException({ ...META, message: "We can't find a policy with the PolicyId" });
      return {
        Policy: {
          PolicySummary: { Id: input.PolicyId, Name: p.name, Type: p.type as "SERVICE_CONTROL_POLICY" },
          Content: p.content,
        },
      };
    });
    // Two pages, to make verify follow NextToken.
    org.on(ListTargetsForPolicyCommand).callsFake(async (input, getClient) => {
      this.guard("ListTargetsForPolicy", await region(getClient));
      if (!this.orgPolicies.has(input.PolicyId)) {
        throw new PolicyNotFoundException({ ...META, message: "We can't find a policy with the PolicyId" });
      }
      const all = this.targets.get(input.PolicyId) ?? [];
      const padded: PolicyTargetSummary[] = [
        { TargetId: "ou-zzzz-00000000", Name: "Other", Type: "ORGANIZATIONAL_UNIT" },
        ...all,
      ];
      return input.NextToken === "page-2"
        ? { Targets: padded.slice(1) }
        : { Targets: padded.slice(0, 1), NextToken: "page-2" };
    });
    this.stubs.push(sts, backup, kms, s3, org);
    return sdkClients();
  }

  /** The names of every command sent to any client, in order. */
  sentCommands(): string[] {
    return this.stubs.flatMap((s) => s.calls().map((c) => (c.args[0] as object).constructor.name));
  }

  restore(): void {
    for (const s of this.stubs) s.restore();
    this.stubs.length = 0;
  }
}
