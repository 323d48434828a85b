import { strict as assert } from "assert";
import type { StackRun } from "../harness/engine";
import { PolicyDocument } from "../lib/recoverypolicies/document";
import { contains, overlaps, parseCidr } from "../lib/network/cidr";
import { jsonInput, named, ofType, recordStack } from "./helpers";

const T = {
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  routeTable: "aws:ec2/routeTable:RouteTable",
  assoc: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  defaultSg: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  plan: "aws:backup/restoreTestingPlan:RestoreTestingPlan",
  selection: "aws:backup/restoreTestingSelection:RestoreTestingSelection",
  role: "aws:iam/role:Role",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  dbSubnetGroup: "aws:rds/subnetGroup:SubnetGroup",
};

/**
 * Every resource type the IRE may create; anything else (a gateway, a peering, a route) fails the
 * test. The validation pipeline (test/restore-validation.spec.ts) adds a Lambda function in the
 * private subnets, its invoke permission, the EventBridge rule and target that trigger it, its log
 * group and its role's inline policy: none of them opens a network path (the function's security
 * group is checked below). The DB subnet group (only when RDS or Aurora is tested) is a list of the
 * private subnets, no path either. The validation alerts (test/validation-alerts.spec.ts) add a
 * metric filter, two CloudWatch alarms, an SNS topic with its policy and email subscriptions, and
 * the topic's KMS key and alias: alarms publish to SNS service-side, so none of them needs or opens
 * a network path.
 */
const ALLOWED_TYPES = new Set([
  ...Object.values(T),
  "pulumi:pulumi:Stack",
  "pulumi:pulumi:StackReference",
  "pulumi:providers:aws",
  "isolation:network:PrivateNetwork",
  "isolation:ire:RestoreTesting",
  "isolation:backup:BackupServiceRole",
  "isolation:ire:RestoreValidation",
  "aws:lambda/function:Function",
  "aws:lambda/permission:Permission",
  "aws:cloudwatch/eventRule:EventRule",
  "aws:cloudwatch/eventTarget:EventTarget",
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:iam/rolePolicy:RolePolicy",
  "isolation:ire:ValidationAlerts",
  "aws:cloudwatch/logMetricFilter:LogMetricFilter",
  "aws:cloudwatch/metricAlarm:MetricAlarm",
  "aws:sns/topic:Topic",
  "aws:sns/topicPolicy:TopicPolicy",
  "aws:sns/topicSubscription:TopicSubscription",
  "aws:kms/key:Key",
  "aws:kms/alias:Alias",
]);

/** Types that open a path out of a VPC or into it from elsewhere. */
const INTERNET_PATH =
  /internetGateway|natGateway|egressOnlyInternetGateway|vpcPeering|transitGateway|vpnGateway|vpnConnection|customerGateway|eip|route:Route$|networkInterface|instance:Instance/i;

describe("IRE stack", function () {
  let run: StackRun;
  let org: StackRun;
  let recovery: StackRun;
  before(async () => {
    [run, org, recovery] = await Promise.all([recordStack("ire"), recordStack("org"), recordStack("recovery")]);
  });

  it("creates only network, endpoint, restore testing, validation and IAM resources: no internet path of any kind", () => {
    for (const r of run.resources) {
      assert.ok(ALLOWED_TYPES.has(r.type), `unexpected ${r.type} ${r.name}`);
      assert.doesNotMatch(r.type, INTERNET_PATH, `${r.type} ${r.name}`);
    }
  });

  it("route tables have no routes of their own (no default route), and every subnet has one", () => {
    const tables = ofType(run, T.routeTable);
    assert.equal(tables.length, 3);
    for (const t of tables) assert.deepEqual(t.inputs.routes, [], t.name);
    const subnets = ofType(run, T.subnet);
    const assocs = ofType(run, T.assoc);
    assert.deepEqual(assocs.map((a) => a.inputs.subnetId).sort(), subnets.map((s) => s.outputs.id).sort());
    assert.deepEqual(assocs.map((a) => a.inputs.routeTableId).sort(), tables.map((t) => t.outputs.id).sort());
    // Nothing carries a public IP or a gateway.
    const json = JSON.stringify(run.resources.map((r) => r.inputs));
    assert.doesNotMatch(json, /"(gatewayId|natGatewayId|transitGatewayId|vpcPeeringConnectionId|egressOnlyGatewayId)"/);
    assert.doesNotMatch(json, /0\.0\.0\.0\/0|::\/0/);
  });

  it("builds a VPC with DNS on and private subnets per AZ, split from the VPC CIDR", () => {
    const vpc = named(run, T.vpc, "ire-network");
    assert.equal(vpc.inputs.cidrBlock, "10.90.0.0/16");
    assert.equal(vpc.inputs.enableDnsSupport, true);
    assert.equal(vpc.inputs.enableDnsHostnames, true);
    const subnets = ofType(run, T.subnet);
    assert.deepEqual(subnets.map((s) => s.inputs.availabilityZone).sort(), ["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
    const cidrs = subnets.map((s) => parseCidr(s.inputs.cidrBlock as string)!);
    for (const [i, c] of cidrs.entries()) {
      assert.equal(c.prefix, 20);
      assert.ok(contains(parseCidr("10.90.0.0/16")!, c));
      for (const d of cidrs.slice(i + 1)) assert.ok(!overlaps(c, d));
    }
    for (const s of subnets) {
      assert.equal(s.inputs.mapPublicIpOnLaunch, false, s.name);
      assert.equal(s.inputs.vpcId, vpc.outputs.id);
    }
  });

  it("empties the default security group and opens the endpoints to HTTPS from the VPC only", () => {
    const def = named(run, T.defaultSg, "ire-network");
    assert.deepEqual(def.inputs.ingress, []);
    assert.deepEqual(def.inputs.egress, []);
    const endpointSg = named(run, T.sg, "ire-network-endpoints");
    const restoreSg = named(run, T.sg, "ire-network-restore-targets");
    for (const sg of [endpointSg, restoreSg]) {
      assert.equal(sg.inputs.ingress, undefined, "rules are separate resources");
      assert.equal(sg.inputs.egress, undefined, "rules are separate resources");
    }
    const ingress = ofType(run, T.ingress);
    assert.equal(ingress.length, 1, "only the endpoints accept anything");
    assert.equal(ingress[0].inputs.securityGroupId, endpointSg.outputs.id);
    const networkSgs = [endpointSg.outputs.id, restoreSg.outputs.id];
    const networkEgress = ofType(run, T.egress).filter((r) => networkSgs.includes(r.inputs.securityGroupId));
    assert.equal(networkEgress.length, 2);
    for (const rule of [...ingress, ...networkEgress]) {
      assert.equal(rule.inputs.cidrIpv4, "10.90.0.0/16", rule.name);
      assert.equal(rule.inputs.ipProtocol, "tcp", rule.name);
      assert.equal(rule.inputs.fromPort, 443, rule.name);
      assert.equal(rule.inputs.toPort, 443, rule.name);
      assert.equal(rule.inputs.cidrIpv6, undefined);
      assert.equal(rule.inputs.referencedSecurityGroupId, undefined);
      assert.equal(rule.inputs.prefixListId, undefined);
    }
    // Every other rule (the restore validator's) reaches only the endpoints: the interface
    // endpoints' security group or the S3 gateway endpoint's prefix list, on 443, never a CIDR.
    const endpointsOnly = [endpointSg.outputs.id, named(run, T.endpoint, "ire-network-s3").outputs.prefixListId];
    const others = ofType(run, T.egress).filter((r) => !networkSgs.includes(r.inputs.securityGroupId));
    assert.equal(others.length, 2);
    for (const rule of others) {
      assert.ok(endpointsOnly.includes(rule.inputs.referencedSecurityGroupId ?? rule.inputs.prefixListId), rule.name);
      assert.equal(rule.inputs.cidrIpv4, undefined, rule.name);
      assert.equal(rule.inputs.cidrIpv6, undefined, rule.name);
      assert.equal(rule.inputs.fromPort, 443, rule.name);
      assert.equal(rule.inputs.toPort, 443, rule.name);
    }
  });

  it("reaches AWS through interface endpoints with private DNS and an S3 gateway endpoint on every route table", () => {
    const endpoints = ofType(run, T.endpoint);
    const iface = endpoints.filter((e) => e.inputs.vpcEndpointType === "Interface");
    assert.deepEqual(
      iface.map((e) => e.inputs.serviceName).sort(),
      ["backup", "ebs", "ec2", "ec2messages", "events", "kms", "logs", "monitoring", "sns", "ssm", "ssmmessages", "sts"]
        .map((s) => `com.amazonaws.eu-west-1.${s}`)
        .sort(),
    );
    const subnetIds = ofType(run, T.subnet)
      .map((s) => s.outputs.id)
      .sort();
    for (const e of iface) {
      assert.equal(e.inputs.privateDnsEnabled, true, e.name);
      assert.deepEqual([...(e.inputs.subnetIds as string[])].sort(), subnetIds);
      assert.deepEqual(e.inputs.securityGroupIds, [named(run, T.sg, "ire-network-endpoints").outputs.id]);
    }
    const s3 = named(run, T.endpoint, "ire-network-s3");
    assert.equal(s3.inputs.vpcEndpointType, "Gateway");
    assert.equal(s3.inputs.serviceName, "com.amazonaws.eu-west-1.s3");
    assert.deepEqual(
      [...(s3.inputs.routeTableIds as string[])].sort(),
      ofType(run, T.routeTable)
        .map((t) => t.outputs.id)
        .sort(),
    );
  });

  it("gives every endpoint a policy bound to the org stack's organization ID, never an unconditional *", () => {
    const orgId = org.outputs.organizationId as string;
    assert.match(orgId, /^o-/);
    for (const e of ofType(run, T.endpoint)) {
      const doc = jsonInput(e.inputs.policy) as PolicyDocument;
      assert.ok(doc && Array.isArray(doc.Statement), `${e.name} has a policy`);
      for (const s of doc.Statement) {
        assert.ok(s.Condition, `${e.name} ${s.Sid} is conditional`);
        if (s.Effect === "Allow")
          assert.equal((s.Condition.StringEquals as Record<string, string>)["aws:PrincipalOrgID"], orgId);
      }
      assert.ok(
        doc.Statement.some((s) => s.Effect === "Deny"),
        `${e.name} denies outsiders`,
      );
    }
    const s3 = jsonInput(named(run, T.endpoint, "ire-network-s3").inputs.policy) as PolicyDocument;
    assert.ok(JSON.stringify(s3).includes(`"aws:ResourceOrgID":"${orgId}"`));
  });

  it("tests restores from the recovery stack's air-gapped vault only, with the configured schedule and windows", () => {
    const plan = named(run, T.plan, "restore-testing");
    assert.equal(plan.inputs.name, "isolation_restore_test");
    assert.equal(plan.inputs.scheduleExpression, "cron(0 6 ? * SUN *)");
    assert.equal(plan.inputs.startWindowHours, 24);
    const sel = plan.inputs.recoveryPointSelection as Record<string, unknown>;
    assert.deepEqual(sel.includeVaults, [recovery.outputs.airGappedVaultArn]);
    assert.match(String(recovery.outputs.airGappedVaultArn), /^arn:aws:backup:eu-west-1:222222222222:backup-vault:/);
    assert.equal(sel.algorithm, "LATEST_WITHIN_WINDOW");
    assert.deepEqual(sel.recoveryPointTypes, ["SNAPSHOT"]);
    assert.equal(sel.selectionWindowDays, 7);
    assert.match(
      String(run.outputs.restoreTestingPlanArn),
      /^arn:aws:backup:eu-west-1:333333333333:restore-testing-plan:isolation_restore_test-/,
    );
  });

  it("creates one selection per resource type, placing EC2 and EBS restores in the private network", () => {
    const role = named(run, T.role, "restore-testing-role");
    const selections = ofType(run, T.selection);
    assert.deepEqual(selections.map((s) => s.inputs.protectedResourceType).sort(), ["EBS", "EC2", "S3"]);
    for (const s of selections) {
      assert.equal(s.inputs.restoreTestingPlanName, "isolation_restore_test");
      assert.equal(s.inputs.iamRoleArn, role.outputs.arn);
      assert.equal(s.inputs.validationWindowHours, 4);
      assert.match(s.inputs.name as string, /^[A-Za-z0-9_]{1,50}$/);
    }
    const subnetA = named(run, T.subnet, "ire-network-eu-west-1a").outputs.id;
    const restoreSg = named(run, T.sg, "ire-network-restore-targets").outputs.id;
    const ec2 = selections.find((s) => s.inputs.protectedResourceType === "EC2")!;
    assert.deepEqual(ec2.inputs.restoreMetadataOverrides, {
      subnetId: subnetA,
      securityGroupIds: JSON.stringify([restoreSg]),
    });
    const ebs = selections.find((s) => s.inputs.protectedResourceType === "EBS")!;
    assert.deepEqual(ebs.inputs.restoreMetadataOverrides, { availabilityZone: "eu-west-1a" });
    const s3 = selections.find((s) => s.inputs.protectedResourceType === "S3")!;
    assert.equal(s3.inputs.restoreMetadataOverrides, undefined);
  });

  it("restores with a role only AWS Backup for this account can assume, with the restore managed policies", () => {
    const role = named(run, T.role, "restore-testing-role");
    assert.equal(role.inputs.path, "/service-role/");
    const trust = jsonInput(role.inputs.assumeRolePolicy) as PolicyDocument;
    assert.deepEqual(
      trust.Statement.map((s) => [s.Principal, s.Action, s.Condition]),
      [
        [
          { Service: "backup.amazonaws.com" },
          "sts:AssumeRole",
          { StringEquals: { "aws:SourceAccount": "333333333333" } },
        ],
      ],
    );
    assert.deepEqual(
      ofType(run, T.attachment)
        .map((a) => a.inputs.policyArn)
        .sort(),
      [
        "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
      ],
    );
    assert.equal(run.outputs.restoreRoleArn, role.outputs.arn);
  });

  it("follows config: endpoints, zones, algorithm, windows and types", async () => {
    const custom = await recordStack("ire", {
      "isolation:availabilityZones": JSON.stringify(["eu-west-1b", "eu-west-1c"]),
      "isolation:subnetPrefixLength": undefined,
      // The restore validator needs ec2 (EC2) and dynamodb (DynamoDB) besides backup.
      "isolation:interfaceEndpoints": JSON.stringify(["backup", "kms", "ec2", "dynamodb"]),
      "isolation:restoreTestAlgorithm": "RANDOM_WITHIN_WINDOW",
      "isolation:restoreTestValidationWindowHours": "168",
      "isolation:restoreTestResourceTypes": JSON.stringify(["EC2", "DynamoDB"]),
    });
    assert.deepEqual(
      ofType(custom, T.subnet).map((s) => s.inputs.cidrBlock),
      ["10.90.0.0/17", "10.90.128.0/17"],
    );
    assert.deepEqual(
      ofType(custom, T.endpoint)
        .map((e) => e.name)
        .sort(),
      ["ire-network-backup", "ire-network-dynamodb", "ire-network-ec2", "ire-network-kms", "ire-network-s3"],
    );
    const sel = named(custom, T.plan, "restore-testing").inputs.recoveryPointSelection as Record<string, unknown>;
    assert.equal(sel.algorithm, "RANDOM_WITHIN_WINDOW");
    const selections = ofType(custom, T.selection);
    assert.deepEqual(selections.map((s) => s.inputs.protectedResourceType).sort(), ["DynamoDB", "EC2"]);
    for (const s of selections) assert.equal(s.inputs.validationWindowHours, 168);
    const ec2 = selections.find((s) => s.inputs.protectedResourceType === "EC2")!;
    assert.equal(
      (ec2.inputs.restoreMetadataOverrides as Record<string, string>).subnetId,
      named(custom, T.subnet, "ire-network-eu-west-1b").outputs.id,
    );
    // Without S3 tests the role does not get the S3 restore policy.
    assert.deepEqual(
      ofType(custom, T.attachment).map((a) => a.name),
      ["restore-testing-role-restores"],
    );
  });

  it("builds no DB subnet group unless RDS or Aurora is tested", () => {
    assert.deepEqual(ofType(run, T.dbSubnetGroup), []);
  });

  it("tests RDS, Aurora and EFS when configured: databases in a DB subnet group of the private subnets", async () => {
    const db = await recordStack("ire", {
      "isolation:interfaceEndpoints": JSON.stringify(["backup", "kms", "ec2", "rds", "elasticfilesystem"]),
      "isolation:restoreTestResourceTypes": JSON.stringify(["EBS", "RDS", "Aurora", "EFS"]),
    });
    for (const r of db.resources) {
      assert.ok(ALLOWED_TYPES.has(r.type), `unexpected ${r.type} ${r.name}`);
      assert.doesNotMatch(r.type, INTERNET_PATH, `${r.type} ${r.name}`);
    }
    const groups = ofType(db, T.dbSubnetGroup);
    assert.equal(groups.length, 1);
    const group = groups[0];
    const testing = db.resources.find((r) => r.type === "isolation:ire:RestoreTesting")!;
    assert.equal(group.parent, testing.urn, "a child of the restore testing component");
    assert.equal(group.provider, named(db, T.plan, "restore-testing").provider, "the account's provider");
    assert.equal(group.inputs.name, "isolation-restore-test-databases");
    assert.deepEqual(
      [...(group.inputs.subnetIds as string[])].sort(),
      ofType(db, T.subnet)
        .map((s) => s.outputs.id)
        .sort(),
      "every private subnet, nothing else",
    );
    const restoreSg = named(db, T.sg, "ire-network-restore-targets").outputs.id;
    const selections = ofType(db, T.selection);
    assert.deepEqual(selections.map((s) => s.inputs.protectedResourceType).sort(), ["Aurora", "EBS", "EFS", "RDS"]);
    for (const type of ["RDS", "Aurora"]) {
      const sel = selections.find((s) => s.inputs.protectedResourceType === type)!;
      assert.deepEqual(sel.inputs.restoreMetadataOverrides, {
        dbSubnetGroupName: group.outputs.name,
        vpcSecurityGroupIds: JSON.stringify([restoreSg]),
      });
      assert.equal(sel.inputs.name, `isolation_${type.toLowerCase()}`);
    }
    const efs = selections.find((s) => s.inputs.protectedResourceType === "EFS")!;
    assert.equal(efs.inputs.restoreMetadataOverrides, undefined, "a restored file system has no mount target");
    // The validator may read restored databases and file systems, and reaches them through the new endpoints.
    const policy = jsonInput(
      named(db, "aws:iam/rolePolicy:RolePolicy", "restore-validation-policy").inputs.policy,
    ) as PolicyDocument;
    const actions = policy.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    for (const a of ["rds:DescribeDBInstances", "rds:DescribeDBClusters", "elasticfilesystem:DescribeFileSystems"]) {
      assert.ok(actions.includes(a), a);
    }
    assert.deepEqual(
      ofType(db, T.endpoint)
        .map((e) => e.inputs.serviceName)
        .filter((n) => /rds|elasticfilesystem/.test(n as string))
        .sort(),
      ["com.amazonaws.eu-west-1.elasticfilesystem", "com.amazonaws.eu-west-1.rds"],
    );
    // Restores go through the one restore role: its managed policy covers RDS, Aurora and EFS restores.
    assert.deepEqual(
      ofType(db, T.attachment).map((a) => a.inputs.policyArn),
      ["arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores"],
    );
  });

  it("exports the contract's network and restore testing outputs", () => {
    assert.equal(run.outputs.vpcId, named(run, T.vpc, "ire-network").outputs.id);
    assert.equal((run.outputs.subnetIds as string[]).length, 3);
    assert.equal(run.outputs.endpointSecurityGroupId, named(run, T.sg, "ire-network-endpoints").outputs.id);
    assert.equal(run.outputs.restoreTestingPlanName, "isolation_restore_test");
    assert.equal(run.outputs.recoveryAccountId, "222222222222");
  });
});
