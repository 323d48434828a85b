/**
 * How fast the policy pack evaluates a large stack: a synthetic recovery stack and a synthetic IRE
 * stack of 10,000 resources each (copies of the happy-path fixtures with distinct names, vault
 * names and dependencies), every resource policy on every resource plus every stack policy, as the
 * engine would call them. Target: 10,000 resources in under 5 s. It also times a quarter-size stack:
 * a linear pack takes about a quarter of the time there, a quadratic one a sixteenth.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { allPolicies } from "../policypack/policies";
import { AIR_GAPPED_NAME, VAULT_NAME, ireStack, recoveryStack } from "../test/policypack/fixtures";
import { PROJECT_CONFIG, resourceArgs, stackArgs, urnOf, type ResourceSpec } from "../test/policy-args";

const TARGET_RESOURCES = 10_000;
const TARGET_SECONDS = 5;

function suffixed(value: unknown, i: number, names: ReadonlySet<string>): unknown {
  if (typeof value === "string") return names.has(value) ? `${value}-${i}` : value;
  if (Array.isArray(value)) return value.map((v) => suffixed(v, i, names));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, suffixed(v, i, names)]));
  }
  return value;
}

/**
 * At least `count` resources: whole copies of `fixture` (a partial copy would leave a vault without
 * its notifications) whose names, vault names and dependency URNs are made unique.
 */
export function syntheticStack(
  fixture: (stack: string) => ResourceSpec[],
  stack: string,
  count: number,
): ResourceSpec[] {
  const base = fixture(stack);
  const names = new Set([VAULT_NAME, AIR_GAPPED_NAME, "isolation-audit-trail"]);
  const out: ResourceSpec[] = [];
  for (let i = 0; out.length < count; i++) {
    for (const s of base) {
      const deps: Record<string, string[]> = {};
      for (const [k, urns] of Object.entries(s.propertyDependencies ?? {})) deps[k] = urns.map((u) => `${u}-${i}`);
      out.push({
        ...s,
        name: `${s.name}-${i}`,
        urn: urnOf(stack, s.type, `${s.name}-${i}`),
        props: suffixed(s.props ?? {}, i, names) as Record<string, unknown>,
        propertyDependencies: deps,
      });
    }
  }
  return out;
}

const resourcePolicies = allPolicies.filter(
  (p): p is ResourceValidationPolicy => typeof (p as ResourceValidationPolicy).validateResource === "function",
);
const stackPolicies = allPolicies.filter(
  (p): p is StackValidationPolicy => typeof (p as StackValidationPolicy).validateStack === "function",
);

/** Seconds to evaluate every policy on the stack, and how many violations came out (expected 0). */
async function evaluate(specs: ResourceSpec[]): Promise<{ seconds: number; violations: number }> {
  const perResource = specs.map((s) => resourceArgs(s, PROJECT_CONFIG));
  const whole = stackArgs(specs, PROJECT_CONFIG);
  let violations = 0;
  const report = () => {
    violations++;
  };
  const start = process.hrtime.bigint();
  for (const args of perResource) {
    for (const p of resourcePolicies) {
      const validations = Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource!];
      for (const v of validations) {
        try {
          await v(args, report);
        } catch {
          // notApplicable: the engine records it and moves on.
        }
      }
    }
  }
  for (const p of stackPolicies) await p.validateStack(whole, report);
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, violations };
}

export async function run(): Promise<void> {
  for (const [role, fixture] of [
    ["recovery", recoveryStack],
    ["ire", ireStack],
  ] as const) {
    const full = syntheticStack(fixture, role, TARGET_RESOURCES);
    const quarter = syntheticStack(fixture, role, TARGET_RESOURCES / 4);
    await evaluate(quarter); // warm-up: JIT and regex caches
    const q = await evaluate(quarter);
    const f = await evaluate(full);
    const rate = full.length / f.seconds;
    console.log(
      `${role}: ${full.length} resources, ${resourcePolicies.length} resource + ${stackPolicies.length} stack policies: ` +
        `${f.seconds.toFixed(2)} s (${Math.round(rate)} resources/s; target ${TARGET_RESOURCES} in < ${TARGET_SECONDS} s: ` +
        `${f.seconds < TARGET_SECONDS ? "met" : "MISSED"}), ${f.violations} violations`,
    );
    console.log(
      `${role}: ${quarter.length} resources in ${q.seconds.toFixed(2)} s; 4x the resources took ${(f.seconds / q.seconds).toFixed(1)}x the time (linear ~4x, quadratic ~16x)`,
    );
  }
}
