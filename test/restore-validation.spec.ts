/**
 * The IRE's restore validation pipeline as the ire stack registers it under the mock engine: rule,
 * target, permission, function (bundle, VPC, environment, logging), security group, role, log group.
 */
import { strict as assert } from "assert";
import type { RecordedResource, StackRun } from "../harness/engine";
import { VALIDATOR_ENTRY } from "../components/restore-validation";
import { bundleLambda } from "../lib/lambda/bundle";
import type { IdentityPolicyDocument, TrustPolicyDocument } from "../lib/recoverypolicies/document";
import { validatorActions } from "../lib/restore/validator-access";
import { jsonInput, named, ofType, recordStack } from "./helpers";
import { SWEEP_INPUT } from "../lib/restore/validation-sweep";

const T = {
  component: "isolation:ire:RestoreValidation",
  fn: "aws:lambda/function:Function",
  permission: "aws:lambda/permission:Permission",
  rule: "aws:cloudwatch/eventRule:EventRule",
  target: "aws:cloudwatch/eventTarget:EventTarget",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  subnet: "aws:ec2/subnet:Subnet",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  provider: "pulumi:providers:aws",
};

const ENI_AND_LOG_ACTIONS = [
  "ec2:AssignPrivateIpAddresses",
  "ec2:CreateNetworkInterface",
  "ec2:DeleteNetworkInterface",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeSubnets",
  "ec2:UnassignPrivateIpAddresses",
  "logs:CreateLogStream",
  "logs:PutLogEvents",
];

const actionsOf = (doc: IdentityPolicyDocument) =>
  [...new Set(doc.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])))].sort();

describe("IRE restore validation", function () {
  let run: StackRun;
  let fn: RecordedResource;
  let rule: RecordedResource;
  let sg: RecordedResource;
  before(async () => {
    run = await recordStack("ire");
    fn = named(run, T.fn, "restore-validation");
    rule = named(run, T.rule, "restore-validation-completed");
    sg = named(run, T.sg, "restore-validation-function");
  });

  it("is one component whose children deploy through the IRE account's provider, nothing protected or retained", () => {
    const [component] = ofType(run, T.component);
    assert.ok(component);
    const children = run.resources.filter((r) => r.parent === component.urn);
    assert.deepEqual(
      children.map((c) => c.type).sort(),
      [
        ...[T.logGroup, T.sg, T.role, T.rolePolicy, T.fn, T.egress, T.egress],
        // The completion rule and the hourly sweep, each with its target and its invoke permission.
        ...[T.rule, T.target, T.permission, T.rule, T.target, T.permission],
      ].sort(),
    );
    const provider = ofType(run, T.provider)[0];
    for (const c of children) {
      assert.ok(c.provider?.startsWith(`${provider.urn}::`), `${c.name} uses the account provider`);
      // Ephemeral: rebuilt from code; the evidence is the restore job's validation status in AWS Backup.
      assert.equal(c.protect, false, c.name);
      assert.equal(c.retainOnDelete, false, c.name);
    }
  });

  it("the rule matches only completed restore jobs of the IRE's restore testing plan", () => {
    assert.deepEqual(jsonInput(rule.inputs.eventPattern), {
      source: ["aws.backup"],
      "detail-type": ["Restore Job State Change"],
      detail: { status: ["COMPLETED"], restoreTestingPlanArn: [run.outputs.restoreTestingPlanArn] },
    });
    assert.match(String(run.outputs.restoreTestingPlanArn), /:restore-testing-plan:isolation_restore_test-/);
    assert.equal(rule.inputs.eventBusName, undefined, "AWS services send to the default bus");
  });

  it("targets the function, and only its two rules may invoke it: completed jobs, and the hourly sweep", () => {
    const target = named(run, T.target, "restore-validation-completed");
    assert.equal(target.inputs.rule, rule.outputs.name);
    assert.equal(target.inputs.arn, fn.outputs.arn);
    const sweep = named(run, T.rule, "restore-validation-sweep");
    assert.equal(sweep.inputs.scheduleExpression, "rate(1 hour)");
    const sweepTarget = named(run, T.target, "restore-validation-sweep");
    assert.equal(sweepTarget.inputs.rule, sweep.outputs.name);
    assert.equal(sweepTarget.inputs.arn, fn.outputs.arn);
    assert.deepEqual(jsonInput(sweepTarget.inputs.input), SWEEP_INPUT, "the handler tells a sweep by this input");
    const permissions = ofType(run, T.permission);
    assert.deepEqual(
      permissions
        .map((p) => ({
          action: p.inputs.action,
          function: p.inputs.function,
          principal: p.inputs.principal,
          sourceArn: p.inputs.sourceArn,
        }))
        .sort((a, b) => String(a.sourceArn).localeCompare(String(b.sourceArn))),
      [rule.outputs.arn, sweep.outputs.arn]
        .map((sourceArn) => ({
          action: "lambda:InvokeFunction",
          function: fn.outputs.name,
          principal: "events.amazonaws.com",
          sourceArn,
        }))
        .sort((a, b) => String(a.sourceArn).localeCompare(String(b.sourceArn))),
    );
  });

  it("runs the bundled validator on nodejs24.x, told which plan it validates", () => {
    assert.equal(fn.inputs.runtime, "nodejs24.x");
    assert.equal(fn.inputs.handler, "index.handler");
    const code = fn.inputs.code as { assets: Record<string, { text: string }> };
    assert.deepEqual(Object.keys(code.assets), ["index.js"]);
    assert.equal(code.assets["index.js"].text, bundleLambda(VALIDATOR_ENTRY));
    assert.deepEqual(fn.inputs.environment, {
      variables: { RESTORE_TESTING_PLAN_ARN: run.outputs.restoreTestingPlanArn },
    });
    assert.equal(fn.inputs.timeout, 600);
    assert.equal(fn.inputs.role, named(run, T.role, "restore-validation-role").outputs.arn);
  });

  it("runs in the IRE's private subnets with its own security group", () => {
    const vpc = fn.inputs.vpcConfig as { subnetIds: string[]; securityGroupIds: string[] };
    assert.deepEqual(
      [...vpc.subnetIds].sort(),
      ofType(run, T.subnet)
        .map((s) => s.outputs.id)
        .sort(),
    );
    assert.deepEqual(vpc.securityGroupIds, [sg.outputs.id]);
    assert.equal(sg.inputs.vpcId, run.outputs.vpcId);
    assert.equal(sg.inputs.ingress, undefined);
    assert.equal(sg.inputs.egress, undefined, "rules are separate resources");
  });

  it("its security group lets nothing in and only HTTPS out, to the interface endpoints and the S3 gateway", () => {
    assert.ok(!ofType(run, T.ingress).some((r) => r.inputs.securityGroupId === sg.outputs.id));
    const egress = ofType(run, T.egress).filter((r) => r.inputs.securityGroupId === sg.outputs.id);
    const s3 = named(run, T.endpoint, "ire-network-s3");
    assert.match(String(s3.outputs.prefixListId), /^pl-/);
    assert.deepEqual(
      egress
        .map((r) => ({
          ipProtocol: r.inputs.ipProtocol,
          fromPort: r.inputs.fromPort,
          toPort: r.inputs.toPort,
          to: r.inputs.referencedSecurityGroupId ?? r.inputs.prefixListId,
          cidrIpv4: r.inputs.cidrIpv4,
          cidrIpv6: r.inputs.cidrIpv6,
        }))
        .sort((a, b) => String(a.to).localeCompare(String(b.to))),
      [
        { ipProtocol: "tcp", fromPort: 443, toPort: 443, to: s3.outputs.prefixListId },
        { ipProtocol: "tcp", fromPort: 443, toPort: 443, to: run.outputs.endpointSecurityGroupId },
      ].map((e) => ({ ...e, cidrIpv4: undefined, cidrIpv6: undefined })),
    );
  });

  it("creates the function after its role policy (ENI permissions) and its log group", () => {
    const policy = named(run, T.rolePolicy, "restore-validation-policy");
    const logs = named(run, T.logGroup, "restore-validation-logs");
    assert.ok(fn.dependencies.includes(policy.urn));
    assert.ok(fn.dependencies.includes(logs.urn));
    assert.deepEqual(fn.inputs.loggingConfig, { logFormat: "Text", logGroup: logs.outputs.name });
  });

  it("keeps its logs in its own log group, with a retention", () => {
    const logs = named(run, T.logGroup, "restore-validation-logs");
    assert.equal(logs.inputs.name, `/aws/lambda/${fn.outputs.name}`);
    assert.equal(logs.inputs.retentionInDays, 365);
  });

  it("has a role only Lambda can assume, allowed exactly the validator's calls, ENI actions and its own log group", () => {
    const role = named(run, T.role, "restore-validation-role");
    const trust = jsonInput(role.inputs.assumeRolePolicy) as TrustPolicyDocument;
    assert.deepEqual(
      trust.Statement.map((s) => [s.Effect, s.Principal, s.Action, s.Condition]),
      [["Allow", { Service: "lambda.amazonaws.com" }, "sts:AssumeRole", undefined]],
    );
    assert.equal(
      ofType(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter(
        (a) => a.inputs.role === role.outputs.name,
      ).length,
      0,
      "no managed policies",
    );
    const policy = named(run, T.rolePolicy, "restore-validation-policy");
    assert.equal(policy.inputs.role, role.outputs.id);
    const doc = jsonInput(policy.inputs.policy) as IdentityPolicyDocument;
    // Pulumi.ire.yaml tests EBS, EC2 and S3: no DynamoDB permission.
    assert.deepEqual(actionsOf(doc), [...validatorActions(["EBS", "EC2", "S3"]), ...ENI_AND_LOG_ACTIONS].sort());
    assert.ok(!actionsOf(doc).includes("dynamodb:DescribeTable"));
    const logs = named(run, T.logGroup, "restore-validation-logs");
    const logStatement = doc.Statement.find((s) => s.Sid === "WriteOwnLogGroup")!;
    assert.equal(logStatement.Resource, `${logs.outputs.arn}:*`);
    assert.match(String(logs.outputs.arn), /^arn:aws:logs:eu-west-1:333333333333:log-group:\/aws\/lambda\//);
  });

  it("exports the function and rule in the contract", () => {
    assert.equal(run.outputs.restoreValidatorFunctionName, "isolation-ire-restore-validator");
    assert.equal(run.outputs.restoreValidatorFunctionArn, fn.outputs.arn);
    assert.match(
      String(fn.outputs.arn),
      /^arn:aws:lambda:eu-west-1:333333333333:function:isolation-ire-restore-validator$/,
    );
    assert.equal(run.outputs.restoreValidationRuleArn, rule.outputs.arn);
  });

  it("follows config: the tested types shape the role, the retention the log group", async () => {
    const custom = await recordStack("ire", {
      "isolation:restoreTestResourceTypes": JSON.stringify(["DynamoDB"]),
      "isolation:interfaceEndpoints": JSON.stringify(["backup", "dynamodb", "logs"]),
      "isolation:restoreValidatorLogRetentionDays": "30",
    });
    const doc = jsonInput(
      named(custom, T.rolePolicy, "restore-validation-policy").inputs.policy,
    ) as IdentityPolicyDocument;
    assert.deepEqual(actionsOf(doc), [...validatorActions(["DynamoDB"]), ...ENI_AND_LOG_ACTIONS].sort());
    assert.ok(actionsOf(doc).includes("dynamodb:DescribeTable"));
    assert.ok(!actionsOf(doc).some((a) => a === "ec2:DescribeVolumes" || a === "s3:ListBucket"));
    assert.equal(named(custom, T.logGroup, "restore-validation-logs").inputs.retentionInDays, 30);
  });
});
