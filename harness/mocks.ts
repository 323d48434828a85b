/**
 * Mock resource outputs that look like AWS's: ARNs and IDs in the partition, region and account
 * of the resource's own provider, physical names derived deterministically from the URN, so that
 * the offline preview writes the same file for the same program every time.
 */
import { createHash } from "crypto";
import { partitionOf } from "../lib/arn";

export interface ProviderInfo {
  accountId: string;
  region: string;
}

/** A stable hex string for a URN; `n` characters long. */
export function stableHex(seed: string, n: number): string {
  let out = "";
  for (let i = 0; out.length < n; i++) out += createHash("sha256").update(`${seed}#${i}`).digest("hex");
  return out.slice(0, n);
}

/** A UUID-shaped, stable identifier (KMS key IDs, provider IDs). */
export function uuidFrom(seed: string): string {
  const h = stableHex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** `aws:backup/vault:Vault` -> `backup`. */
export function serviceOf(type: string): string {
  const module = type.split(":")[1] ?? "";
  return module.split("/")[0];
}

interface MockResult {
  id: string;
  state: Record<string, unknown>;
}

/**
 * Computes what AWS would report for a newly created resource. Types the project uses get their
 * real ID and ARN formats; any other AWS type gets a generic regional ARN.
 */
export function mockAwsResource(
  type: string,
  logicalName: string,
  urn: string,
  inputs: Record<string, unknown>,
  where: ProviderInfo,
): MockResult {
  const region = typeof inputs.region === "string" ? inputs.region : where.region;
  const partition = partitionOf(region);
  const account = where.accountId;
  const suffix = stableHex(urn, 7);
  const physical = (key = "name"): string =>
    typeof inputs[key] === "string" ? (inputs[key] as string) : `${logicalName}-${suffix}`;
  const regional = (service: string, resource: string) =>
    `arn:${partition}:${service}:${region}:${account}:${resource}`;
  const global = (service: string, resource: string) => `arn:${partition}:${service}::${account}:${resource}`;
  const base = { ...inputs, region };
  const withArn = (id: string, arn: string, extra: Record<string, unknown> = {}): MockResult => ({
    id,
    state: { ...base, ...extra, id, arn },
  });

  switch (type) {
    case "aws:backup/vault:Vault":
    case "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault": {
      const name = physical();
      return withArn(name, regional("backup", `backup-vault:${name}`), { name });
    }
    case "aws:backup/vaultLockConfiguration:VaultLockConfiguration":
    case "aws:backup/vaultPolicy:VaultPolicy":
    case "aws:backup/vaultNotifications:VaultNotifications": {
      // AWS identifies these by the vault's name.
      const name = typeof inputs.backupVaultName === "string" ? inputs.backupVaultName : physical();
      return withArn(name, regional("backup", `backup-vault:${name}`));
    }
    case "aws:backup/framework:Framework": {
      const name = physical();
      const id = `${name}-${uuidFrom(urn)}`;
      return withArn(name, regional("backup", `framework:${id}`));
    }
    case "aws:backup/reportPlan:ReportPlan": {
      const name = physical();
      return withArn(name, regional("backup", `report-plan:${name}-${uuidFrom(urn)}`));
    }
    case "aws:cloudwatch/eventRule:EventRule": {
      const name = physical();
      return withArn(name, regional("events", `rule/${name}`), { name });
    }
    case "aws:backup/plan:Plan": {
      const id = uuidFrom(urn);
      return withArn(id, regional("backup", `backup-plan:${id}`), { version: stableHex(`${urn}v`, 32) });
    }
    case "aws:kms/key:Key": {
      const id = uuidFrom(urn);
      return withArn(id, regional("kms", `key/${id}`), { keyId: id });
    }
    case "aws:kms/alias:Alias": {
      const name = physical();
      return withArn(name, regional("kms", name), { name });
    }
    case "aws:s3/bucket:Bucket": {
      const bucket = physical("bucket");
      return {
        id: bucket,
        state: {
          ...base,
          id: bucket,
          bucket,
          arn: `arn:${partition}:s3:::${bucket}`,
          bucketDomainName: `${bucket}.s3.amazonaws.com`,
        },
      };
    }
    case "aws:iam/role:Role": {
      const name = physical();
      // A role's ARN carries its path: arn:aws:iam::<account>:role/service-role/<name>.
      const path = typeof inputs.path === "string" ? inputs.path : "/";
      return withArn(name, global("iam", `role${path}${name}`), {
        name,
        uniqueId: `AROA${stableHex(urn, 17).toUpperCase()}`,
      });
    }
    case "aws:iam/policy:Policy": {
      const name = physical();
      return withArn(global("iam", `policy/${name}`), global("iam", `policy/${name}`), { name });
    }
    case "aws:sns/topic:Topic": {
      const name = physical();
      const arn = regional("sns", name);
      return withArn(arn, arn, { name });
    }
    case "aws:cloudtrail/trail:Trail": {
      const name = physical();
      const arn = regional("cloudtrail", `trail/${name}`);
      return withArn(arn, arn, { name });
    }
    case "aws:organizations/organization:Organization": {
      const id = `o-${stableHex(urn, 10)}`;
      return {
        id,
        state: {
          ...base,
          id,
          arn: global("organizations", `organization/${id}`),
          masterAccountId: account,
          roots: [{ id: `r-${stableHex(`${urn}root`, 4)}`, name: "Root", arn: "", policyTypes: [] }],
        },
      };
    }
    case "aws:organizations/organizationalUnit:OrganizationalUnit": {
      const id = `ou-${stableHex(`${urn}r`, 4)}-${stableHex(urn, 8)}`;
      return withArn(id, global("organizations", `ou/o-${stableHex("org", 10)}/${id}`));
    }
    case "aws:organizations/policy:Policy": {
      const id = `p-${stableHex(urn, 8)}`;
      return withArn(id, global("organizations", `policy/o-${stableHex("org", 10)}/${id}`));
    }
    case "aws:organizations/account:Account": {
      const id =
        typeof inputs.accountId === "string"
          ? inputs.accountId
          : `${parseInt(stableHex(urn, 10), 16)}`.padStart(12, "0").slice(0, 12);
      return withArn(id, global("organizations", `account/o-${stableHex("org", 10)}/${id}`));
    }
    case "aws:ram/resourceShare:ResourceShare": {
      const arn = regional("ram", `resource-share/${uuidFrom(urn)}`);
      return withArn(arn, arn);
    }
    case "aws:ec2/vpc:Vpc":
      return withArn(`vpc-${stableHex(urn, 17)}`, regional("ec2", `vpc/vpc-${stableHex(urn, 17)}`));
    case "aws:ec2/subnet:Subnet":
      return withArn(`subnet-${stableHex(urn, 17)}`, regional("ec2", `subnet/subnet-${stableHex(urn, 17)}`));
    case "aws:ec2/securityGroup:SecurityGroup":
      return withArn(`sg-${stableHex(urn, 17)}`, regional("ec2", `security-group/sg-${stableHex(urn, 17)}`));
    case "aws:ec2/routeTable:RouteTable":
      return withArn(`rtb-${stableHex(urn, 17)}`, regional("ec2", `route-table/rtb-${stableHex(urn, 17)}`));
    case "aws:ec2/routeTableAssociation:RouteTableAssociation":
      return withArn(`rtbassoc-${stableHex(urn, 17)}`, "");
    case "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup":
      return withArn(`sg-${stableHex(urn, 17)}`, regional("ec2", `security-group/sg-${stableHex(urn, 17)}`), {
        name: "default",
      });
    case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
    case "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":
      return withArn(`sgr-${stableHex(urn, 17)}`, regional("ec2", `security-group-rule/sgr-${stableHex(urn, 17)}`));
    case "aws:backup/restoreTestingPlan:RestoreTestingPlan": {
      // arn:aws:backup:<region>:<account>:restore-testing-plan:<name>-<id> (Service Authorization
      // Reference for AWS Backup, resource type restoreTestingPlan); the ID is the plan's name.
      const name = physical();
      return withArn(name, regional("backup", `restore-testing-plan:${name}-${stableHex(urn, 6)}`), { name });
    }
    case "aws:backup/restoreTestingSelection:RestoreTestingSelection": {
      const name = physical();
      const plan = typeof inputs.restoreTestingPlanName === "string" ? inputs.restoreTestingPlanName : "plan";
      return { id: `${name}:${plan}`, state: { ...base, id: `${name}:${plan}`, name } };
    }
    case "aws:ec2/vpcEndpoint:VpcEndpoint": {
      const id = `vpce-${stableHex(urn, 17)}`;
      // A gateway endpoint's routes and security group rules use the service's prefix list.
      const gateway = inputs.vpcEndpointType === "Gateway" ? { prefixListId: `pl-${stableHex(`${urn}pl`, 8)}` } : {};
      return withArn(id, regional("ec2", `vpc-endpoint/${id}`), gateway);
    }
    case "aws:lambda/function:Function": {
      // arn:<partition>:lambda:<region>:<account>:function:<name>
      const name = physical();
      return withArn(name, regional("lambda", `function:${name}`), {
        name,
        invokeArn: `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${regional("lambda", `function:${name}`)}/invocations`,
      });
    }
    case "aws:cloudwatch/logGroup:LogGroup": {
      // arn:<partition>:logs:<region>:<account>:log-group:<name>, without the ":*" the API adds
      // (the provider strips it).
      const name = physical();
      return withArn(name, regional("logs", `log-group:${name}`), { name });
    }
    case "aws:iam/rolePolicy:RolePolicy": {
      // IAM identifies an inline policy by its role and name: <role>:<policy>.
      const role = typeof inputs.role === "string" ? inputs.role : "role";
      return { id: `${role}:${physical()}`, state: { ...base, id: `${role}:${physical()}` } };
    }
    default: {
      const name = physical();
      return withArn(name, regional(serviceOf(type), `${type.split(":")[2]?.toLowerCase() ?? "resource"}/${name}`));
    }
  }
}
