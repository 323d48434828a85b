/**
 * Organization IDs and paths. An entity's org path reads `o-<org>/r-<root>/ou-<a>/ou-<b>/`
 * (IAM user guide, aws:PrincipalOrgPaths), the form `aws:PrincipalOrgPaths`,
 * `aws:ResourceOrgPaths` and `backup:CopyTargetOrgPaths` compare against.
 */

/** ID formats from the AWS Organizations API reference (Organization.Id, Root.Id, OrganizationalUnit.Id). */
export const ORGANIZATION_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;
export const ROOT_ID_PATTERN = /^r-[0-9a-z]{4,32}$/;
export const OU_ID_PATTERN = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;

/**
 * The longest IDs AWS can issue. Policies that embed IDs not yet known (OUs this stack creates, an
 * organization it creates) are size-checked with these before anything is registered, so the
 * check is an upper bound: it can refuse a policy that would just fit, never pass one that will not.
 */
export const LONGEST_ORGANIZATION_ID = `o-${"a".repeat(32)}`;
export const LONGEST_ROOT_ID = `r-${"a".repeat(32)}`;
export const LONGEST_OU_ID = `ou-${"a".repeat(32)}-${"a".repeat(32)}`;
/** Account IDs are always 12 digits, so a placeholder measures exactly. */
export const PLACEHOLDER_ACCOUNT_ID = "000000000000";

const body = (re: RegExp) => re.source.slice(1, -1);

/** A whole org path: the organization, its root and one or more OUs, each followed by `/`. */
export const ORG_PATH_PATTERN = new RegExp(
  `^${body(ORGANIZATION_ID_PATTERN)}/${body(ROOT_ID_PATTERN)}/(${body(OU_ID_PATTERN)}/)+$`,
);

export function orgPath(organizationId: string, rootId: string, ouIds: string[]): string {
  return [organizationId, rootId, ...ouIds].join("/") + "/";
}

/** The root part of an OU ID (`ou-abcd-12345678` -> `abcd`), which equals its root's (`r-abcd`). */
export function rootPartOfOu(ouId: string): string | undefined {
  return /^ou-([0-9a-z]{4,32})-/.exec(ouId)?.[1];
}
