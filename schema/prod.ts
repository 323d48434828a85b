/** Config keys of a production workload stack. */
import { orgStack, recoveryStack } from "./references";
import { backupPolicyLocalVaultName, backupPolicyRoleName } from "./workload-backup";

export const prodShape = { orgStack, recoveryStack, backupPolicyLocalVaultName, backupPolicyRoleName };
