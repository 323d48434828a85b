/** How long the mock engine takes to run every stack of the project (the offline preview's core). */
import * as path from "path";
import { runStacks } from "../harness/project";

export async function run(): Promise<void> {
  const dir = path.resolve(__dirname, "..");
  const rounds = 5;
  const start = process.hrtime.bigint();
  let resources = 0;
  for (let i = 0; i < rounds; i++) {
    const runs = await runStacks({ dir });
    resources = runs.reduce((n, r) => n + r.resources.length, 0);
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6 / rounds;
  // The process's resident size after the runs: what running every stack costs in memory, all told.
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  console.log(
    `all stacks under the mock engine: ${ms.toFixed(0)} ms per run, ${resources} resources, rss ${rssMb.toFixed(0)} MiB after ${rounds} runs`,
  );
}
