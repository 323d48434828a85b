/**
 * The program: validate the stack's config, create its account provider, hand over to the
 * builder of its role, and return that builder's outputs. Called by index.ts under the Pulumi
 * CLI, and by the mock-engine harness for tests and the offline preview.
 */
import { loadConfig } from "./config";
import { createAccountProvider } from "./components/provider";
import { References, StackContext } from "./stacks/context";
import { buildIre } from "./stacks/ire";
import { buildOrg } from "./stacks/org";
import { buildProd } from "./stacks/prod";
import { buildRecovery } from "./stacks/recovery";

export function main(): Record<string, unknown> {
  // Throws ConfigError with every problem before any resource is registered.
  const config = loadConfig();
  const provider = createAccountProvider({
    accountId: config.accountId,
    deployRoleArn: config.deployRoleArn,
    region: config.region,
    role: config.role,
    stack: config.stack,
  });
  const refs = new References(config);
  switch (config.role) {
    case "org":
      return buildOrg({ config, provider, refs } satisfies StackContext<"org">);
    case "recovery":
      return buildRecovery({ config, provider, refs });
    case "ire":
      return buildIre({ config, provider, refs });
    case "prod":
      return buildProd({ config, provider, refs });
  }
}
