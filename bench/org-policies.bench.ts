/**
 * Organization policy sizes with 50 and 500 member accounts: they must be equal, because the
 * policies name OU paths and the organization, never account lists. Also the time to build and
 * check every policy (done before any resource is registered).
 */
import { validateConfig } from "../config";
import { loadStackConfig } from "../harness/project";
import { minify } from "../lib/orgpolicies/limits";
import { planAndCheck } from "../lib/orgpolicies/plan";
import { guardrailValues, worstCaseIds } from "../stacks/org";
import * as path from "path";
import type { StackConfig } from "../config";

function sizes(accounts: number): { sizes: Record<string, number>; msPerBuild: number } {
  const raw = loadStackConfig(path.resolve(__dirname, ".."), "org");
  raw["isolation:prodAccountIds"] = JSON.stringify(
    Array.from({ length: accounts }, (_, i) => String(500000000000 + i)),
  );
  const config = validateConfig("org", raw) as StackConfig<"org">;
  const limits = { scpMaxCharacters: config.scpMaxCharacters, scpMaxPerTarget: config.scpMaxPerTarget };
  const rounds = 200;
  const start = process.hrtime.bigint();
  let planned = planAndCheck(guardrailValues(config, worstCaseIds(config)), limits);
  for (let i = 1; i < rounds; i++) planned = planAndCheck(guardrailValues(config, worstCaseIds(config)), limits);
  const msPerBuild = Number(process.hrtime.bigint() - start) / 1e6 / rounds;
  return { sizes: Object.fromEntries(planned.map((p) => [p.name, minify(p.document).length])), msPerBuild };
}

export async function run(): Promise<void> {
  const a = sizes(50);
  const b = sizes(500);
  for (const name of Object.keys(a.sizes)) {
    const same = a.sizes[name] === b.sizes[name] ? "equal" : "DIFFERENT";
    console.log(`${name}: ${a.sizes[name]} chars with 50 accounts, ${b.sizes[name]} with 500 (${same})`);
  }
  console.log(
    `build + check all policies: ${a.msPerBuild.toFixed(3)} ms (50 accounts), ${b.msPerBuild.toFixed(3)} ms (500)`,
  );
}
