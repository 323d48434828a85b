/** The org stack: the management account's view of the estate. */
import type { OrgOutputs, StackOutputs } from "./contracts";
import type { StackContext } from "./context";

export function buildOrg(ctx: StackContext<"org">): StackOutputs<OrgOutputs> {
  const { config } = ctx;
  return {
    role: "org",
    accountId: config.accountId,
    region: config.region,
    accountIds: {
      management: config.accountId,
      recovery: config.recoveryAccountId,
      ire: config.ireAccountId,
      prod: config.prodAccountIds,
    },
    organizationId: config.organizationId,
    orgPaths: {
      recovery: orgPath(config.organizationId, config.orgRootId, config.recoveryOuId),
      ire: orgPath(config.organizationId, config.orgRootId, config.ireOuId),
      workloads: orgPath(config.organizationId, config.orgRootId, config.workloadsOuId),
    },
  };
}

/** The aws:PrincipalOrgPaths form of an OU directly under the root (IAM condition keys reference). */
export function orgPath(organizationId: string, rootId: string, ouId: string): string {
  return `${organizationId}/${rootId}/${ouId}/`;
}
