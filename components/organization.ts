/**
 * The organization itself: created, or adopted as it is.
 *
 * Adopting does not manage `aws.organizations.Organization`: that resource's
 * `enabledPolicyTypes` and `awsServiceAccessPrincipals` are exclusive lists, so importing an
 * organization that is already in use would disable every policy type and trusted service the
 * program does not list (and an `import` whose inputs differ from the live organization fails).
 * Adopting therefore takes the organization and root IDs from config, enables trusted access for
 * AWS Backup and RAM with one non-exclusive `AwsServiceAccess` each, and leaves enabling the
 * policy types to a one-time step (docs/org.md): @pulumi/aws 7.48 has no resource that enables a
 * single policy type. Creating builds a fresh organization with all three policy types enabled.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { OrgPolicyType } from "../lib/orgpolicies/types";
import { requireProvider } from "./provider";

/** Trusted access the pattern needs: organization backup policies and RAM sharing of the air-gapped vault. */
export const SERVICE_ACCESS_PRINCIPALS = ["backup.amazonaws.com", "ram.amazonaws.com"] as const;
export const REQUIRED_POLICY_TYPES: readonly OrgPolicyType[] = [
  "SERVICE_CONTROL_POLICY",
  "RESOURCE_CONTROL_POLICY",
  "BACKUP_POLICY",
];

export type OrganizationArgs =
  | {
      /** Create a new organization (feature set ALL) in this management account. */
      create: true;
    }
  | {
      create: false;
      /** The existing organization's ID (o-...). */
      organizationId: string;
      /** The existing organization's root ID (r-...). */
      rootId: string;
    };

export class Organization extends pulumi.ComponentResource {
  readonly organizationId: pulumi.Output<string>;
  readonly rootId: pulumi.Output<string>;
  /** Resources that must exist before policies can be created and attached. */
  readonly ready: pulumi.Resource[];

  constructor(name: string, args: OrganizationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("isolation:organization:Organization", name, {}, opts);
    const provider = requireProvider("Organization", opts);
    const child = { parent: this, provider };

    if (args.create) {
      const org = new aws.organizations.Organization(
        "organization",
        {
          featureSet: "ALL",
          enabledPolicyTypes: [...REQUIRED_POLICY_TYPES],
          awsServiceAccessPrincipals: [...SERVICE_ACCESS_PRINCIPALS],
        },
        // Deleting an organization requires removing every member account first; never by accident.
        { ...child, protect: true, retainOnDelete: true },
      );
      this.organizationId = org.id;
      this.rootId = org.roots.apply((roots) => {
        if (!roots?.[0]?.id) throw new Error("the new organization reports no root");
        return roots[0].id;
      });
      this.ready = [org];
    } else {
      this.organizationId = pulumi.output(args.organizationId);
      this.rootId = pulumi.output(args.rootId);
      // Removing this code must not silently switch off trusted access that backup policies rely on.
      this.ready = SERVICE_ACCESS_PRINCIPALS.map(
        (principal) =>
          new aws.organizations.AwsServiceAccess(
            `access-${principal.split(".")[0]}`,
            { servicePrincipal: principal },
            { ...child, retainOnDelete: true },
          ),
      );
    }

    // Cross-account copies into the recovery vault need AWS Backup's cross-account setting in the
    // management account; RAM must be allowed to share within the organization without invitations.
    const backupSettings = new aws.backup.GlobalSettings(
      "backup-cross-account",
      { globalSettings: { isCrossAccountBackupEnabled: "true" } },
      { ...child, dependsOn: this.ready, retainOnDelete: true },
    );
    const ramSharing = new aws.ram.SharingWithOrganization(
      "ram-sharing",
      {},
      { ...child, dependsOn: this.ready, retainOnDelete: true },
    );
    this.ready = [...this.ready, backupSettings, ramSharing];

    this.registerOutputs({ organizationId: this.organizationId, rootId: this.rootId });
  }
}
