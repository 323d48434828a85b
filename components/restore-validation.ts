/**
 * The IRE's restore validation pipeline: when a restore test of the plan completes, EventBridge
 * invokes the restore validator (lambda/restore-validator/), which checks the restored resource and
 * its recovery point's malware scans and reports SUCCESSFUL or FAILED to AWS Backup
 * (PutRestoreValidationResult), where it shows as the restore job's validation status.
 *
 * The function runs in the IRE's private subnets, which have no route out: its security group lets
 * it reach the interface endpoints and the S3 gateway endpoint on 443 and nothing else, and its
 * role allows exactly the calls it makes (lib/restore/validator-policy.ts).
 *
 * Nothing here is protected or retained on delete: the function, its role, security group, rule
 * and permission are rebuilt from this code, and the log group holds diagnostics whose retention is
 * configured. The evidence of each validation is the restore job's own ValidationStatus and
 * ValidationStatusMessage in AWS Backup (and the API call in CloudTrail), not these resources.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bundleLambda, LAMBDA_NODE_RUNTIME } from "../lib/lambda/bundle";
import { assertPolicySize } from "../lib/recoverypolicies/document";
import type { RestoreTestType } from "../lib/restore/restore-testing";
import { PLAN_ARN_VARIABLE, restoreValidationEventPattern } from "../lib/restore/validation-events";
import { SWEEP_INPUT, SWEEP_SCHEDULE } from "../lib/restore/validation-sweep";
import {
  ROLE_INLINE_POLICY_MAX_CHARS,
  validatorRolePolicy,
  validatorTrustPolicy,
} from "../lib/restore/validator-policy";
import { requireProvider } from "./provider";

const HTTPS = 443;

/** The handler's source, relative to the project root; bundled when the program runs. */
export const VALIDATOR_ENTRY = "lambda/restore-validator/index.ts";

export interface RestoreValidationArgs {
  /** The restore testing plan whose completed restore jobs are validated. */
  restoreTestingPlanArn: pulumi.Input<string>;
  /** The resource types the plan tests: the role may read only these (and needs endpoints for them). */
  resourceTypes: RestoreTestType[];
  /** The IRE's VPC. */
  vpcId: pulumi.Input<string>;
  /** The IRE's private subnets: the function's network interfaces go there. */
  subnetIds: pulumi.Input<string[]>;
  /** The interface endpoints' security group: the function's only HTTPS destination in the VPC. */
  endpointSecurityGroupId: pulumi.Input<string>;
  /** The S3 gateway endpoint's prefix list (pl-...): the function's only other destination. */
  s3PrefixListId: pulumi.Input<string>;
  /** The IRE account. */
  accountId: string;
  region: string;
  partition: string;
  /** Days the function's log group keeps events (a value CloudWatch Logs accepts). */
  logRetentionDays: number;
  /** Prefix of resource names (`isolation-ire`). */
  namePrefix: string;
}

export class RestoreValidation extends pulumi.ComponentResource {
  readonly functionName: pulumi.Output<string>;
  /** The function's log group, where each validation decision is logged (for metric filters). */
  readonly logGroupName: pulumi.Output<string>;
  readonly functionArn: pulumi.Output<string>;
  readonly ruleArn: pulumi.Output<string>;
  readonly roleArn: pulumi.Output<string>;
  readonly securityGroupId: pulumi.Output<string>;

  constructor(name: string, args: RestoreValidationArgs, opts?: pulumi.ComponentResourceOptions) {
    const provider = requireProvider("RestoreValidation", opts);
    super("isolation:ire:RestoreValidation", name, {}, opts);
    const child = { parent: this, provider };
    const functionName = `${args.namePrefix}-restore-validator`;

    // The name Lambda would choose itself (/aws/lambda/<function>), created here so it has a
    // retention and exists before the first invocation (AWS Lambda developer guide, "Sending
    // Lambda function logs to CloudWatch Logs").
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: `/aws/lambda/${functionName}`, retentionInDays: args.logRetentionDays },
      child,
    );

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        name: functionName,
        description: "Execution role of the IRE restore validator",
        assumeRolePolicy: JSON.stringify(validatorTrustPolicy()),
      },
      child,
    );
    const policy = new aws.iam.RolePolicy(
      `${name}-policy`,
      {
        name: "restore-validation",
        role: role.id,
        policy: logGroup.arn.apply((logGroupArn) =>
          assertPolicySize(
            validatorRolePolicy({
              partition: args.partition,
              region: args.region,
              accountId: args.accountId,
              logGroupArn,
              resourceTypes: args.resourceTypes,
            }),
            ROLE_INLINE_POLICY_MAX_CHARS,
            "restore validator role policy",
          ),
        ),
      },
      child,
    );

    // Created without inline rules, the provider removes the allow-all egress rule AWS adds to a
    // new security group (@pulumi/aws aws.ec2.SecurityGroup docs); the two rules below are all.
    const sg = new aws.ec2.SecurityGroup(
      `${name}-function`,
      {
        vpcId: args.vpcId,
        name: functionName,
        description: "Restore validator: no inbound, HTTPS to the VPC endpoints only",
        tags: { Name: functionName },
      },
      child,
    );
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-to-interface-endpoints`,
      {
        securityGroupId: sg.id,
        ipProtocol: "tcp",
        fromPort: HTTPS,
        toPort: HTTPS,
        referencedSecurityGroupId: args.endpointSecurityGroupId,
        description: "HTTPS to the interface endpoints",
      },
      child,
    );
    // Traffic to a gateway endpoint leaves by the service's public addresses, routed to the
    // endpoint; a security group admits it by the endpoint's prefix list (Amazon VPC user guide,
    // "Gateway endpoints": "Security groups ... outbound rules ... prefix list ID").
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-to-s3-gateway`,
      {
        securityGroupId: sg.id,
        ipProtocol: "tcp",
        fromPort: HTTPS,
        toPort: HTTPS,
        prefixListId: args.s3PrefixListId,
        description: "HTTPS to S3 through the gateway endpoint",
      },
      child,
    );

    const fn = new aws.lambda.Function(
      name,
      {
        name: functionName,
        description: "Validates the IRE's restore tests and reports to AWS Backup",
        runtime: LAMBDA_NODE_RUNTIME,
        handler: "index.handler",
        code: new pulumi.asset.AssetArchive({
          "index.js": new pulumi.asset.StringAsset(bundleLambda(VALIDATOR_ENTRY, LAMBDA_NODE_RUNTIME)),
        }),
        role: role.arn,
        // Enough for a sweep of SWEEP_MAX_JOBS jobs that each wait out a transitional state
        // (handler.ts, DEFAULT_WAIT_*: up to about 150 s a job); Lambda allows up to 900 s.
        timeout: 600,
        memorySize: 256,
        vpcConfig: { subnetIds: args.subnetIds, securityGroupIds: [sg.id] },
        environment: { variables: { [PLAN_ARN_VARIABLE]: args.restoreTestingPlanArn } },
        loggingConfig: { logFormat: "Text", logGroup: logGroup.name },
      },
      // Lambda checks at creation that the role may create network interfaces in the VPC, so the
      // policy must exist first (AWS Lambda developer guide, VPC execution role permissions).
      { ...child, dependsOn: [policy, logGroup] },
    );

    const rule = new aws.cloudwatch.EventRule(
      `${name}-completed`,
      {
        name: `${args.namePrefix}-restore-test-completed`,
        description: "Completed restore jobs of the IRE's restore testing plan, to the restore validator",
        eventPattern: pulumi
          .output(args.restoreTestingPlanArn)
          .apply((arn) => JSON.stringify(restoreValidationEventPattern(arn))),
      },
      child,
    );
    new aws.cloudwatch.EventTarget(
      `${name}-completed`,
      { rule: rule.name, targetId: "restore-validator", arn: fn.arn },
      child,
    );
    // Only this rule may invoke the function (AWS Lambda developer guide, "Using resource-based
    // policies": SourceArn for service principals).
    new aws.lambda.Permission(
      `${name}-from-rule`,
      {
        function: fn.name,
        action: "lambda:InvokeFunction",
        principal: "events.amazonaws.com",
        sourceArn: rule.arn,
      },
      child,
    );

    // The sweep: restore jobs whose completion event EventBridge did not deliver (delivery is best
    // effort) are found and validated by the same function (lib/restore/validation-sweep.ts).
    const sweep = new aws.cloudwatch.EventRule(
      `${name}-sweep`,
      {
        name: `${args.namePrefix}-restore-validation-sweep`,
        description: "Validates restore tests whose completion event was lost",
        scheduleExpression: SWEEP_SCHEDULE,
      },
      child,
    );
    new aws.cloudwatch.EventTarget(
      `${name}-sweep`,
      { rule: sweep.name, targetId: "restore-validator-sweep", arn: fn.arn, input: JSON.stringify(SWEEP_INPUT) },
      child,
    );
    new aws.lambda.Permission(
      `${name}-from-sweep`,
      {
        function: fn.name,
        action: "lambda:InvokeFunction",
        principal: "events.amazonaws.com",
        sourceArn: sweep.arn,
      },
      child,
    );

    this.functionName = fn.name;
    this.logGroupName = logGroup.name;
    this.functionArn = fn.arn;
    this.ruleArn = rule.arn;
    this.roleArn = role.arn;
    this.securityGroupId = sg.id;
    this.registerOutputs({
      functionName: this.functionName,
      logGroupName: this.logGroupName,
      functionArn: this.functionArn,
      ruleArn: this.ruleArn,
      roleArn: this.roleArn,
      securityGroupId: this.securityGroupId,
    });
  }
}
