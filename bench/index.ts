/**
 * `npm run bench`: runs every bench/*.bench.ts in turn and prints its figures. Each module
 * exports `run(): Promise<void>` that prints what it measured against its target. Benchmarks
 * never fail the test suite; they report.
 */
import * as fs from "fs";
import * as path from "path";

process.env.AWS_EC2_METADATA_DISABLED = "true";

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith(".bench.ts"))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort();
  for (const file of files) {
    console.log(`\n== ${file}`);
    const mod = (await import(path.join(__dirname, file))) as { run: () => Promise<void> };
    await mod.run();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
