import * as assert from "assert";
import { airGappedShareToIreOnly, noSharedTrust, productionAccountsNamed } from "../../policypack/policies/trust";
import { T } from "../../policypack/policies/types";
import { ACCOUNTS, runResource, type ResourceSpec } from "../policy-args";
import { assertPasses, assertViolates, keyPolicyDocument, recoveryStack, spec, vaultPolicyDocument } from "./fixtures";

const PROD = ACCOUNTS.prod[0];
const trustPolicy = (principal: unknown) =>
  JSON.stringify({ Statement: [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }] });

describe("policy pack: trust", () => {
  describe("no-shared-trust-with-production (rule 8)", () => {
    const role = (assumeRolePolicy: string, stack = "ire"): ResourceSpec => ({
      stack,
      type: T.iamRole,
      name: "restore-role",
      props: { assumeRolePolicy },
    });

    it("passes trust within the IRE and documents of the recovery stack", async () => {
      assertPasses(await runResource(noSharedTrust, role(trustPolicy({ Service: "backup.amazonaws.com" }))));
      assertPasses(await runResource(noSharedTrust, role(trustPolicy({ AWS: `arn:aws:iam::${ACCOUNTS.ire}:root` }))));
      for (const s of recoveryStack()) assertPasses(await runResource(noSharedTrust, s));
    });

    it("rejects an IAM role trusting a production account", async () => {
      assertViolates(
        await runResource(noSharedTrust, role(trustPolicy({ AWS: `arn:aws:iam::${PROD}:root` }))),
        "restore-role",
        /production account 444444444444 in assumeRolePolicy/,
      );
      assertViolates(await runResource(noSharedTrust, role(trustPolicy({ AWS: PROD }), "recovery")), "restore-role");
    });

    it("rejects key, bucket and vault policies and RAM principals naming production", async () => {
      const key = spec(recoveryStack(), "vault-key");
      const prodDecrypt = [{ Effect: "Allow", Principal: { AWS: PROD }, Action: "kms:Encrypt", Resource: "*" }];
      assertViolates(
        await runResource(noSharedTrust, { ...key, props: { ...key.props, policy: keyPolicyDocument(prodDecrypt) } }),
        "vault-key",
        /in policy/,
      );
      const condition = [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "backup:CopyIntoBackupVault",
          Condition: { StringEquals: { "aws:SourceAccount": PROD } },
        },
      ];
      const vp = spec(recoveryStack(), "vault-policy");
      assertViolates(
        await runResource(noSharedTrust, {
          ...vp,
          props: { ...vp.props, policy: vaultPolicyDocument({ extra: condition }) },
        }),
        "vault-policy",
      );
      const bucketPolicy = {
        Statement: [
          { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${PROD}:role/x` }, Action: "s3:GetObject", Resource: "*" },
        ],
      };
      assertViolates(
        await runResource(noSharedTrust, {
          type: T.bucketPolicy,
          name: "audit-policy",
          props: { policy: bucketPolicy },
        }),
        "audit-policy",
      );
      assertViolates(
        await runResource(noSharedTrust, { type: T.ramPrincipal, name: "share-prod", props: { principal: PROD } }),
        "share-prod",
        /in principal/,
      );
    });

    it("does not mistake longer numbers for account IDs", () => {
      assert.deepStrictEqual(productionAccountsNamed(`x1${PROD}`, [PROD]), []);
      assert.deepStrictEqual(productionAccountsNamed(`${PROD}5`, [PROD]), []);
      assert.deepStrictEqual(productionAccountsNamed({ a: [PROD, PROD] }, [PROD]), [PROD]);
      assert.deepStrictEqual(productionAccountsNamed(undefined, [PROD]), []);
    });

    it("is not applicable without production account IDs in the config, and says why", async () => {
      const out = await runResource(noSharedTrust, role(trustPolicy({ AWS: PROD })), {});
      assert.deepStrictEqual(out.violations, []);
      assert.match(out.notApplicable ?? "", /accounts\.prod/);
    });

    it("does not apply to production or org stacks", async () => {
      assertPasses(await runResource(noSharedTrust, role(trustPolicy({ AWS: PROD }), "prod")));
    });
  });

  describe("air-gapped-vault-share-ire-only (rule 9)", () => {
    const share = spec(recoveryStack(), "air-gapped-share");
    const principal = spec(recoveryStack(), "air-gapped-to-ire");
    const withPrincipal = (p: unknown, config?: object) =>
      runResource(airGappedShareToIreOnly, { ...principal, props: { ...principal.props, principal: p } }, config);

    it("passes a share closed to external principals, associated with the IRE", async () => {
      assertPasses(await runResource(airGappedShareToIreOnly, share));
      assertPasses(await runResource(airGappedShareToIreOnly, principal));
      assertPasses(await withPrincipal(`arn:aws:iam::${ACCOUNTS.ire}:role/Restore`));
    });

    it("rejects allowExternalPrincipals true or unset", async () => {
      const run = (v: unknown) =>
        runResource(airGappedShareToIreOnly, { ...share, props: { ...share.props, allowExternalPrincipals: v } });
      assertViolates(await run(true), "air-gapped-share", /allowExternalPrincipals/);
      assertViolates(await run(undefined), "air-gapped-share", /allowExternalPrincipals/);
    });

    it("rejects production accounts, OUs and the organization as principals", async () => {
      assertViolates(await withPrincipal(PROD), "air-gapped-to-ire", /not the IRE account 333333333333/);
      assertViolates(await withPrincipal("arn:aws:organizations::111111111111:ou/o-abc/ou-xyz"), "air-gapped-to-ire");
      assertViolates(
        await withPrincipal("arn:aws:organizations::111111111111:organization/o-abc"),
        "air-gapped-to-ire",
      );
    });

    it("without config, accepts one other account and still rejects OUs and its own account", async () => {
      assertPasses(await withPrincipal(ACCOUNTS.ire, {}));
      assertViolates(
        await withPrincipal(ACCOUNTS.recovery, {}),
        "air-gapped-to-ire",
        /accounts.ire is not in the pack config/,
      );
      assertViolates(
        await withPrincipal("arn:aws:organizations::111111111111:ou/o-abc/ou-xyz", {}),
        "air-gapped-to-ire",
      );
    });

    it("applies only in the recovery stack", async () => {
      assertPasses(await runResource(airGappedShareToIreOnly, { ...share, stack: "prod", props: {} }));
    });
  });
});
