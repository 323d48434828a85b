/**
 * The policy pack's config, derived from the stacks' own config files, so that the pack knows the
 * estate's accounts (rules 4, 5, 8, 9, 12 need them) without a second hand-kept copy of the IDs.
 * `npm run preview` passes it to its audit; `npm run gen:pack-config -- FILE` writes it for
 * `pulumi preview --policy-pack policypack --policy-pack-config FILE` (see the workflows).
 */
import * as fs from "fs";
import * as path from "path";
import { validateConfig } from "../config";
import { findStacks, loadStackConfig } from "../harness/project";
import { parseRole } from "../lib/roles";
import { DEFAULT_ORG_POLICY_LIMITS, expandPackConfig, PackSettings } from "../policypack/policies/config";
import { allPolicies } from "../policypack/policies";

export type DerivedSettings = Pick<PackSettings, "roles" | "accounts" | "stackAccounts" | "recoveryVaultRetention"> &
  Partial<Pick<PackSettings, "orgPolicyLimits">>;

/** Reads every Pulumi.<stack>.yaml of `dir` (validated: bad config throws ConfigError). */
export function packSettingsFromStacks(dir: string): DerivedSettings {
  const settings: DerivedSettings = { roles: {}, accounts: {}, stackAccounts: {}, recoveryVaultRetention: {} };
  const prod = new Set<string>();
  for (const { stack } of findStacks(dir)) {
    const config = validateConfig(stack, loadStackConfig(dir, stack));
    settings.stackAccounts[stack] = config.accountId;
    if (parseRole(stack)?.role !== config.role) settings.roles[stack] = config.role;
    switch (config.role) {
      case "org":
        settings.accounts.management = config.accountId;
        if (config.recoveryAccountId) settings.accounts.recovery ??= config.recoveryAccountId;
        if (config.ireAccountId) settings.accounts.ire ??= config.ireAccountId;
        for (const id of config.prodAccountIds) prod.add(id);
        settings.orgPolicyLimits = {
          ...DEFAULT_ORG_POLICY_LIMITS,
          SERVICE_CONTROL_POLICY: {
            ...DEFAULT_ORG_POLICY_LIMITS.SERVICE_CONTROL_POLICY,
            maxCharacters: config.scpMaxCharacters,
            maxPerTarget: config.scpMaxPerTarget,
          },
        };
        break;
      case "recovery":
        settings.accounts.recovery = config.accountId;
        settings.accounts.ire = config.ireAccountId;
        settings.recoveryVaultRetention[config.recoveryVaultName] = {
          minRetentionDays: config.vaultMinRetentionDays,
          maxRetentionDays: config.vaultMaxRetentionDays,
        };
        settings.recoveryVaultRetention[config.airGappedVaultName] = {
          minRetentionDays: config.airGappedMinRetentionDays,
          maxRetentionDays: config.airGappedMaxRetentionDays,
        };
        break;
      case "ire":
        settings.accounts.ire = config.accountId;
        break;
      case "prod":
        prod.add(config.accountId);
        break;
    }
  }
  if (prod.size > 0) settings.accounts.prod = [...prod].sort();
  return settings;
}

/** A pack config file's content: the derived settings under every policy's name. */
export function packConfigFromStacks(dir: string): Record<string, Record<string, unknown>> {
  return expandPackConfig(
    allPolicies.map((p) => p.name),
    packSettingsFromStacks(dir),
  );
}

export function writePackConfig(dir: string, file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(packConfigFromStacks(dir), null, 2) + "\n");
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write("usage: npm run gen:pack-config -- FILE\n");
    process.exit(2);
  }
  writePackConfig(process.cwd(), path.resolve(file));
  console.log(`wrote ${file}`);
}
