/** Config keys of the isolated restore environment (IRE) stack. */
import { z } from "zod";
import { parseCidr, splitProblem, SUBNET_MAX_PREFIX, VPC_MIN_PREFIX, derivedSubnetPrefix } from "../lib/network/cidr";
import { AZ_PATTERN, regionOfAz } from "../lib/network/zones";
import { DEFAULT_INTERFACE_ENDPOINTS, ENDPOINT_SERVICE_PATTERN, GATEWAY_SERVICES } from "../lib/network/endpoints";
import {
  dbSubnetGroupProblem,
  DEFAULT_RESTORE_TEST_TYPES,
  MAX_SELECTION_WINDOW_DAYS,
  MAX_START_WINDOW_HOURS,
  MAX_VALIDATION_WINDOW_HOURS,
  RESTORE_TEST_ALGORITHMS,
  needsDbSubnetGroup,
  RESTORE_TEST_NAME_PATTERN,
  SUPPORTED_RESTORE_TEST_TYPES,
} from "../lib/restore/restore-testing";
import { isLogRetention, LOG_RETENTION_DAYS } from "../lib/logs/retention";
import { requiredInterfaceEndpoints } from "../lib/restore/validator-access";
import { duplicatesOf, emailList, integer } from "./keys";
import { orgStack, recoveryStack } from "./references";
import type { CrossCheck } from "./types";

const CIDR_EXPECTED = `an IPv4 CIDR from /${VPC_MIN_PREFIX} to /${SUBNET_MAX_PREFIX} with its host bits zero, such as 10.90.0.0/16`;

const RETENTION_EXPECTED = `one of ${LOG_RETENTION_DAYS.join(", ")} (the day counts CloudWatch Logs accepts)`;

const uniqueList = <T extends z.ZodType>(item: T, error: string) =>
  z.array(item, { error }).min(1, { error: `${error}, at least one` });

export const ireShape = {
  orgStack,
  recoveryStack,
  vpcCidr: z
    .string({ error: CIDR_EXPECTED })
    .refine(
      (s) => {
        const c = parseCidr(s);
        return c !== undefined && c.prefix >= VPC_MIN_PREFIX && c.prefix <= SUBNET_MAX_PREFIX;
      },
      { error: CIDR_EXPECTED },
    )
    .default("10.90.0.0/16")
    .describe(
      "IPv4 CIDR of the IRE's VPC (/16 to /28; default 10.90.0.0/16). It never peers, so it may overlap production's.",
    ),
  availabilityZones: uniqueList(
    z.string().regex(AZ_PATTERN, { error: "an availability zone name such as eu-west-1a" }),
    "a list of availability zone names of isolation:region",
  ).describe(
    "Availability zones of isolation:region (eu-west-1a, ...) with one private subnet each. Given in config because the program calls no data source.",
  ),
  subnetPrefixLength: integer(
    "Prefix length of each private subnet (default: the VPC CIDR split evenly among the availability zones).",
    VPC_MIN_PREFIX,
    SUBNET_MAX_PREFIX,
  ).optional(),
  interfaceEndpoints: uniqueList(
    z
      .string()
      .regex(ENDPOINT_SERVICE_PATTERN, { error: "a service name as in com.amazonaws.<region>.<name>, such as backup" })
      .refine((s) => !s.startsWith("com.amazonaws."), {
        error: "only the <name> of com.amazonaws.<region>.<name>, such as backup: the region is isolation:region",
      }),
    "a list of service names",
  )
    .default([...DEFAULT_INTERFACE_ENDPOINTS])
    .describe(
      `Services the IRE reaches through interface endpoints, by the <name> of com.amazonaws.<region>.<name> (default: ${DEFAULT_INTERFACE_ENDPOINTS.join(", ")}). S3 always has a gateway endpoint.`,
    ),
  restoreTestPlanName: z
    .string({ error: "a name of 1 to 50 letters, digits or '_'" })
    .regex(RESTORE_TEST_NAME_PATTERN, { error: "a name of 1 to 50 letters, digits or '_'" })
    .default("isolation_restore_test")
    .describe("Name of the restore testing plan (1 to 50 letters, digits or '_'; default isolation_restore_test)."),
  restoreTestSchedule: z
    .string({ error: "a schedule expression such as cron(0 6 ? * SUN *)" })
    .regex(/^(cron\([^()]+\)|rate\([^()]+\))$/, { error: "a schedule expression such as cron(0 6 ? * SUN *)" })
    .default("cron(0 6 ? * SUN *)")
    .describe("When restore tests run (default cron(0 6 ? * SUN *): Sundays 06:00 UTC)."),
  restoreTestAlgorithm: z
    .enum(RESTORE_TEST_ALGORITHMS, { error: RESTORE_TEST_ALGORITHMS.join(" or ") })
    .default("LATEST_WITHIN_WINDOW")
    .describe("Which recovery point a test restores: LATEST_WITHIN_WINDOW (default) or RANDOM_WITHIN_WINDOW."),
  restoreTestSelectionWindowDays: integer(
    "Restore tests pick recovery points created within this many days (1 to 365; default 7).",
    1,
    MAX_SELECTION_WINDOW_DAYS,
  ).default(7),
  restoreTestStartWindowHours: integer(
    "Hours after the scheduled time within which a restore test must start (1 to 168; default 24).",
    1,
    MAX_START_WINDOW_HOURS,
  ).default(24),
  restoreTestValidationWindowHours: integer(
    "Hours a restored resource is kept for validation before AWS Backup deletes it (1 to 168; default 4).",
    1,
    MAX_VALIDATION_WINDOW_HOURS,
  ).default(4),
  restoreTestResourceTypes: uniqueList(
    z.enum(SUPPORTED_RESTORE_TEST_TYPES, {
      error: `one of ${SUPPORTED_RESTORE_TEST_TYPES.join(", ")} (FSx, DocumentDB and Neptune restores are not placed in the IRE's network yet)`,
    }),
    "a list of resource types",
  )
    .default([...DEFAULT_RESTORE_TEST_TYPES])
    .describe(
      `Resource types restore tests cover, one selection each: ${SUPPORTED_RESTORE_TEST_TYPES.join(", ")} (default: ${DEFAULT_RESTORE_TEST_TYPES.join(", ")}). RDS and Aurora restore into a DB subnet group of the private subnets (2 or more availability zones) and need the rds interface endpoint; EFS needs elasticfilesystem.`,
    ),
  restoreValidatorLogRetentionDays: z
    .int({ error: RETENTION_EXPECTED })
    .refine(isLogRetention, { error: RETENTION_EXPECTED })
    .default(365)
    .describe(
      `Days the restore validator's log group keeps its events: one of ${LOG_RETENTION_DAYS.join(", ")} (default 365). The validation result itself is kept on the restore job in AWS Backup.`,
    ),
  ireAlertEmails: emailList(
    "Email addresses subscribed to the IRE's validation alerts topic: a restore test reported FAILED, or the restore validator failed (each address must confirm the subscription).",
  ),
};

type IreKeys = { [K in keyof typeof ireShape]: z.infer<(typeof ireShape)[K]> } & { region: string };

/** The subnet prefix the stack uses: configured, or the VPC split evenly among the AZs. */
export function subnetPrefixFor(cfg: { vpcCidr: string; availabilityZones: string[]; subnetPrefixLength?: number }) {
  return cfg.subnetPrefixLength ?? derivedSubnetPrefix(parseCidr(cfg.vpcCidr)!.prefix, cfg.availabilityZones.length);
}

/**
 * AZs in the stack's region, no repeats, the subnets fit in the VPC, endpoints named once and not
 * gateway-only, and an interface endpoint for every AWS API the restore validator calls for the
 * tested types: the IRE has no other way to AWS, so without one the validator's call would hang
 * until its timeout and every restore test would be reported FAILED. RDS and Aurora tests need two
 * AZs or more, for the DB subnet group their restores go into.
 */
export const ireChecks: CrossCheck<IreKeys> = (cfg, report) => {
  const azs = cfg.availabilityZones ?? [];
  if (cfg.region) {
    for (const az of azs) {
      if (regionOfAz(az) !== cfg.region) {
        report(
          "availabilityZones",
          cfg.availabilityZones,
          `availability zones of ${cfg.region} (such as ${cfg.region}a), not ${az}`,
        );
      }
    }
  }
  for (const az of duplicatesOf(azs))
    report("availabilityZones", cfg.availabilityZones, `each zone once, not ${az} twice`);
  if (cfg.vpcCidr && azs.length > 0) {
    const problem = splitProblem(
      cfg.vpcCidr,
      azs.length,
      subnetPrefixFor({ ...cfg, vpcCidr: cfg.vpcCidr, availabilityZones: azs }),
    );
    if (problem) {
      report(
        cfg.subnetPrefixLength === undefined ? "vpcCidr" : "subnetPrefixLength",
        cfg.subnetPrefixLength ?? cfg.vpcCidr,
        problem,
      );
    }
  }
  for (const s of duplicatesOf(cfg.interfaceEndpoints ?? [])) {
    report("interfaceEndpoints", cfg.interfaceEndpoints, `each service once, not ${s} twice`);
  }
  for (const s of cfg.interfaceEndpoints ?? []) {
    if (GATEWAY_SERVICES.includes(s)) {
      report(
        "interfaceEndpoints",
        cfg.interfaceEndpoints,
        `services other than ${s}, which the IRE reaches through its gateway endpoint`,
      );
    }
  }
  for (const t of duplicatesOf(cfg.restoreTestResourceTypes ?? [])) {
    report("restoreTestResourceTypes", cfg.restoreTestResourceTypes, `each type once, not ${t} twice`);
  }
  if (cfg.restoreTestResourceTypes && needsDbSubnetGroup(cfg.restoreTestResourceTypes) && azs.length > 0) {
    const problem = dbSubnetGroupProblem(azs);
    if (problem) report("availabilityZones", cfg.availabilityZones, problem);
  }
  if (cfg.interfaceEndpoints && cfg.restoreTestResourceTypes) {
    const types = cfg.restoreTestResourceTypes;
    for (const [service, apis] of requiredInterfaceEndpoints(types)) {
      if (cfg.interfaceEndpoints.includes(service)) continue;
      report(
        "interfaceEndpoints",
        cfg.interfaceEndpoints,
        `a list that includes ${service}: the restore validator calls ${apis.join(", ")} for restoreTestResourceTypes ${types.join(", ")}, and the IRE reaches AWS only through its endpoints`,
      );
    }
  }
};
