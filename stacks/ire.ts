/**
 * The isolated restore environment: restores are validated here, never in production. A private
 * network that reaches AWS through PrivateLink only (no internet, NAT, peering, transit gateway or
 * VPN), scheduled restore tests from the recovery account's air-gapped vault into it, and the
 * validation pipeline that checks each restored resource and reports to AWS Backup. It reads the
 * org stack (organization ID, for the endpoint policies) and the recovery stack (the air-gapped
 * vault's ARN); never production. FAILED validations and validator errors raise CloudWatch alarms that
 * email the addresses in isolation:ireAlertEmails.
 */
import { PrivateNetwork } from "../components/private-network";
import { RestoreTesting } from "../components/restore-testing";
import { RestoreValidation } from "../components/restore-validation";
import { ValidationAlerts } from "../components/validation-alerts";
import { partitionOf } from "../lib/arn";
import { subnetPrefixFor } from "../schema/ire";
import type { IreOutputs, StackOutputs } from "./contracts";
import type { StackContext } from "./context";

/** The role AWS Backup restores with, under IAM's service-role/ path like AWS's own default role. */
export const RESTORE_ROLE_NAME = "service-role/isolation-ire-restore-testing";

export function buildIre(ctx: StackContext<"ire">): StackOutputs<IreOutputs> {
  const { config, provider, refs } = ctx;
  const opts = { provider };
  const recovery = refs.recovery();

  const network = new PrivateNetwork(
    "ire-network",
    {
      vpcCidr: config.vpcCidr,
      availabilityZones: config.availabilityZones,
      subnetPrefixLength: subnetPrefixFor(config),
      interfaceEndpoints: config.interfaceEndpoints,
      region: config.region,
      organizationId: refs.org().output("organizationId"),
      namePrefix: "isolation-ire",
    },
    opts,
  );

  const testing = new RestoreTesting(
    "restore-testing",
    {
      planName: config.restoreTestPlanName,
      scheduleExpression: config.restoreTestSchedule,
      algorithm: config.restoreTestAlgorithm,
      selectionWindowDays: config.restoreTestSelectionWindowDays,
      startWindowHours: config.restoreTestStartWindowHours,
      validationWindowHours: config.restoreTestValidationWindowHours,
      includeVaultArns: [recovery.output("airGappedVaultArn")],
      resourceTypes: config.restoreTestResourceTypes,
      accountId: config.accountId,
      partition: partitionOf(config.region),
      roleName: RESTORE_ROLE_NAME,
      subnetIds: network.subnetIds,
      availabilityZone: config.availabilityZones[0],
      securityGroupId: network.restoreTargetSecurityGroupId,
    },
    opts,
  );

  // The rule matches this plan's ARN in the event's detail.restoreTestingPlanArn, which AWS Backup
  // sets on restore jobs a restore testing plan starts (AWS Backup developer guide, "Restore
  // testing validation"): ad-hoc restores and other plans never reach the validator. The
  // interface endpoints it needs are checked in config (schema/ire.ts, ireChecks).
  const validation = new RestoreValidation(
    "restore-validation",
    {
      restoreTestingPlanArn: testing.planArn,
      resourceTypes: config.restoreTestResourceTypes,
      vpcId: network.vpcId,
      subnetIds: network.subnetIds,
      endpointSecurityGroupId: network.endpointSecurityGroupId,
      s3PrefixListId: network.s3PrefixListId,
      accountId: config.accountId,
      region: config.region,
      partition: partitionOf(config.region),
      logRetentionDays: config.restoreValidatorLogRetentionDays,
      namePrefix: "isolation-ire",
    },
    opts,
  );

  // A FAILED restore test, or a validator that could not report, reaches people by email: the
  // alarms publish to SNS service-side, so the IRE needs no network path for it.
  const alerts = new ValidationAlerts(
    "validation-alerts",
    {
      logGroupName: validation.logGroupName,
      functionName: validation.functionName,
      alertEmails: config.ireAlertEmails,
      accountId: config.accountId,
      region: config.region,
      partition: partitionOf(config.region),
      deployRoleArn: config.deployRoleArn,
      auditorRoleArns: config.auditorRoleArns,
      namePrefix: "isolation-ire",
    },
    opts,
  );

  return {
    role: "ire",
    accountId: config.accountId,
    region: config.region,
    recoveryAccountId: recovery.output("accountId"),
    vpcId: network.vpcId,
    subnetIds: network.subnetIds,
    endpointSecurityGroupId: network.endpointSecurityGroupId,
    restoreTargetSecurityGroupId: network.restoreTargetSecurityGroupId,
    restoreTestingPlanName: testing.planName,
    restoreTestingPlanArn: testing.planArn,
    restoreRoleArn: testing.roleArn,
    restoreValidatorFunctionName: validation.functionName,
    restoreValidatorFunctionArn: validation.functionArn,
    restoreValidationRuleArn: validation.ruleArn,
    validationAlertsTopicArn: alerts.topicArn,
  };
}
