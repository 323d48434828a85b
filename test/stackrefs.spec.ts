import { strict as assert } from "assert";
import { validateConfig } from "../config";
import { runProgram } from "../harness/engine";
import { loadStackConfig } from "../harness/project";
import { mayReference, Role, ROLES, TRUST } from "../lib/roles";
import { StackReferenceError, TrustedStackReference } from "../lib/stackrefs";
import { recordStack, ofType, PROJECT_DIR } from "./helpers";

const STACK_OF: Record<Role, string> = { org: "org", recovery: "recovery", ire: "ire", prod: "prod" };

/** Runs a program as `fromStack` that references `toStack`; resolves with what was registered. */
async function reference(from: Role, toStack: string, to: Role, outputs: Record<string, unknown> = { role: to }) {
  const stack = STACK_OF[from];
  const types: string[] = [];
  const run = await runProgram(
    {
      stack,
      config: loadStackConfig(PROJECT_DIR, stack),
      references: new Map([[toStack, outputs]]),
      observe: (r) => types.push(r.type),
    },
    () => {
      const ref = new TrustedStackReference<{ role: Role; accountId: string }>(
        { stack, role: from },
        { stack: toStack, role: to },
      );
      return { seen: ref.output("accountId") };
    },
  );
  return { run, types };
}

describe("stack references", () => {
  const pairs = ROLES.flatMap((from) => ROLES.map((to) => [from, to] as const));

  for (const [from, to] of pairs.filter(([f, t]) => !mayReference(f, t))) {
    it(`refuses ${from} -> ${to} at program time, before any reference is created`, async () => {
      const types: string[] = [];
      await assert.rejects(
        runProgram(
          {
            stack: STACK_OF[from],
            config: loadStackConfig(PROJECT_DIR, STACK_OF[from]),
            observe: (r) => types.push(r.type),
          },
          () => new TrustedStackReference({ stack: STACK_OF[from], role: from }, { stack: `${to}-other`, role: to }),
        ),
        (e: unknown) =>
          e instanceof StackReferenceError &&
          e.message.includes(`(role ${from}, trust ${TRUST[from]}) may not reference`) &&
          e.message.includes("point only towards higher trust"),
      );
      assert.ok(!types.includes("pulumi:pulumi:StackReference"));
    });
  }

  for (const [from, to] of pairs.filter(([f, t]) => mayReference(f, t))) {
    it(`allows ${from} -> ${to} and reads declared outputs`, async () => {
      const { run, types } = await reference(from, STACK_OF[to], to, { role: to, accountId: "222222222222" });
      assert.ok(types.includes("pulumi:pulumi:StackReference"));
      assert.equal(run.outputs.seen, "222222222222");
      const [ref] = ofType(run, "pulumi:pulumi:StackReference");
      assert.equal(ref.inputs.name, `organization/isolation/${to}`);
    });
  }

  it("refuses a referenced stack whose role output says otherwise", async () => {
    await assert.rejects(
      reference("prod", "recovery", "recovery", { role: "prod", accountId: "444444444444" }),
      (e: unknown) =>
        /reports role "prod", but "prod" expected role recovery; refusing to read it/.test(
          String((e as Error).message),
        ),
    );
  });

  it("refuses a target whose stack name is not of the expected role", async () => {
    await assert.rejects(
      reference("prod", "org", "recovery"),
      /expects a stack of role recovery, but "org" is not named after that role/,
    );
  });

  it("fails on an output the referenced stack does not declare", async () => {
    await assert.rejects(
      reference("ire", "recovery", "recovery", { role: "recovery" }),
      /Required output 'accountId' does not exist/,
    );
  });

  it("uses the configured Pulumi organization in the reference name", async () => {
    const stack = "ire";
    const config = { ...loadStackConfig(PROJECT_DIR, stack), "isolation:pulumiOrg": "acme" };
    validateConfig(stack, config);
    const run = await runProgram(
      { stack, config, references: new Map([["recovery", { role: "recovery", accountId: "2" }]]) },
      () => {
        const ref = new TrustedStackReference(
          { stack, role: "ire", pulumiOrg: "acme" },
          { stack: "recovery", role: "recovery" },
        );
        return { x: ref.output("role") };
      },
    );
    assert.equal(ofType(run, "pulumi:pulumi:StackReference")[0].inputs.name, "acme/isolation/recovery");
  });

  it("the project's stacks reference only more trusted stacks", async () => {
    for (const stack of ["org", "recovery", "ire", "prod"]) {
      const run = await recordStack(stack);
      for (const ref of ofType(run, "pulumi:pulumi:StackReference")) {
        const target = String(ref.inputs.name).split("/").pop()!;
        const targetRole = ROLES.find((r) => target === r || target.startsWith(`${r}-`))!;
        assert.ok(
          TRUST[targetRole] < TRUST[stack as Role] && mayReference(stack as Role, targetRole),
          `${stack} -> ${target}`,
        );
      }
    }
  });
});
