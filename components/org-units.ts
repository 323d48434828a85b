/**
 * The recovery, IRE and workloads OUs and the member accounts placed in them. Accounts are
 * adopted by ID (the `import` option) unless the stack creates them; either way they are
 * protected and retained, and `closeOnDeletion` stays false: removing an account from the program
 * must never close the data bunker.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { orgPath } from "../lib/orgpolicies/paths";
import { OU_KEYS, OuKey } from "../lib/orgpolicies/plan";
import { requireProvider } from "./provider";

/** Either an existing account to adopt, or one to create. */
export type MemberAccount = { adoptId: string } | { create: { email: string; name: string } };

export interface OrgUnitsArgs {
  organizationId: pulumi.Input<string>;
  rootId: pulumi.Input<string>;
  /** OU IDs from the root down to the parent of the three OUs; empty for the root. */
  parentPath: string[];
  /** Name of each OU. */
  names: Record<OuKey, string>;
  recoveryAccount: MemberAccount;
  ireAccount: MemberAccount;
  /** Production accounts, always adopted, placed in the workloads OU. */
  prodAccountIds: string[];
}

/**
 * Properties AWS cannot change on an existing account through this resource (email and name go
 * through the account's own settings, roleName is never read back, the rest only at creation);
 * for adopted accounts they are unknown to the program and ignored too.
 */
export const ACCOUNT_IGNORE_CHANGES = ["email", "name", "roleName", "iamUserAccessToBilling", "createGovcloud"];

export class OrgUnits extends pulumi.ComponentResource {
  readonly ouIds: Record<OuKey, pulumi.Output<string>>;
  readonly orgPaths: Record<OuKey, pulumi.Output<string>>;
  readonly accountIds: { recovery: pulumi.Output<string>; ire: pulumi.Output<string>; prod: string[] };

  constructor(name: string, args: OrgUnitsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("isolation:organization:OrgUnits", name, {}, opts);
    const provider = requireProvider("OrgUnits", opts);
    const child = { parent: this, provider };
    const parentId = args.parentPath.length > 0 ? args.parentPath[args.parentPath.length - 1] : args.rootId;

    const ous = Object.fromEntries(
      OU_KEYS.map((key) => [
        key,
        new aws.organizations.OrganizationalUnit(
          `${key}-ou`,
          { name: args.names[key], parentId },
          // An OU with accounts cannot be deleted, and a replaced OU loses its policies: protect it.
          { ...child, protect: true },
        ),
      ]),
    ) as Record<OuKey, aws.organizations.OrganizationalUnit>;

    this.ouIds = Object.fromEntries(OU_KEYS.map((k) => [k, ous[k].id])) as Record<OuKey, pulumi.Output<string>>;
    this.orgPaths = Object.fromEntries(
      OU_KEYS.map((k) => [
        k,
        pulumi
          .all([args.organizationId, args.rootId, ous[k].id])
          .apply(([org, root, ou]) => orgPath(org, root, [...args.parentPath, ou])),
      ]),
    ) as Record<OuKey, pulumi.Output<string>>;

    const account = (logical: string, member: MemberAccount, ou: aws.organizations.OrganizationalUnit) => {
      const common = { ...child, protect: true, retainOnDelete: true, ignoreChanges: ACCOUNT_IGNORE_CHANGES };
      if ("adoptId" in member) {
        return new aws.organizations.Account(
          logical,
          {
            // Required by the resource, ignored (ignoreChanges): the live values are kept on import.
            email: `adopted-${member.adoptId}@example.invalid`,
            name: `adopted-${member.adoptId}`,
            parentId: ou.id,
            closeOnDeletion: false,
          },
          { ...common, import: member.adoptId },
        );
      }
      return new aws.organizations.Account(
        logical,
        { email: member.create.email, name: member.create.name, parentId: ou.id, closeOnDeletion: false },
        common,
      );
    };
    const recovery = account("recovery-account", args.recoveryAccount, ous.recovery);
    const ire = account("ire-account", args.ireAccount, ous.ire);
    for (const id of args.prodAccountIds) account(`prod-account-${id}`, { adoptId: id }, ous.workloads);

    this.accountIds = { recovery: recovery.id, ire: ire.id, prod: args.prodAccountIds };
    this.registerOutputs({ ouIds: this.ouIds, orgPaths: this.orgPaths });
  }
}
