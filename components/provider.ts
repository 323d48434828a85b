/**
 * The one AWS provider a stack deploys through.
 *
 * It assumes the stack's deploy role in the stack's own account and pins `allowedAccountIds` to
 * that account alone, so running the recovery stack with production credentials (or a deploy role
 * that resolves to another account) fails before anything is touched. The default provider is
 * disabled in Pulumi.yaml, so a resource that forgets its provider fails at registration too.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Role } from "../lib/roles";

export const PROJECT_TAG = "isolation";

export interface AccountProviderArgs {
  /** The account the stack deploys into; the only account the provider accepts. */
  accountId: string;
  /** The role the provider assumes in that account. */
  deployRoleArn: string;
  region: string;
  role: Role;
  /** The Pulumi stack name, for the session name and tags. */
  stack: string;
}

/** Tags every resource of the stack carries, through the provider's defaultTags. */
export function defaultTagsFor(role: Role, stack: string): Record<string, string> {
  return { "isolation:project": PROJECT_TAG, "isolation:role": role, "isolation:stack": stack };
}

/** STS session names allow [\w+=,.@-] up to 64 characters (STS AssumeRole API reference). */
export function sessionNameFor(stack: string): string {
  return `pulumi-${stack}`.replace(/[^\w+=,.@-]/g, "-").slice(0, 64);
}

export function createAccountProvider(args: AccountProviderArgs): aws.Provider {
  return new aws.Provider(`${args.role}-account`, {
    region: args.region as aws.Region,
    allowedAccountIds: [args.accountId],
    assumeRoles: [{ roleArn: args.deployRoleArn, sessionName: sessionNameFor(args.stack) }],
    defaultTags: { tags: defaultTagsFor(args.role, args.stack) },
  });
}

/**
 * Components call this first: a component without an explicit provider would fall back to the
 * (disabled) default provider and fail late, at registration, with a less helpful message.
 */
export function requireProvider(component: string, opts: pulumi.ComponentResourceOptions | undefined): aws.Provider {
  const provider =
    opts?.provider ?? (opts?.providers && !Array.isArray(opts.providers) ? opts.providers.aws : undefined);
  if (!provider) {
    throw new Error(
      `${component}: no AWS provider given; pass { provider } (the stack's account provider) in the resource options`,
    );
  }
  return provider as aws.Provider;
}
