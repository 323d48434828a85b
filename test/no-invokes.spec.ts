import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_DIR } from "./helpers";

/** Every data source in @pulumi/aws is a function named get* in a module (aws.iam.getPolicyDocument...). */
const INVOKE = /\baws(?:\.[a-z0-9]+)*\.get[A-Z]\w*(?:Output)?\s*\(/;

function sources(dir: string): string[] {
  const full = path.join(PROJECT_DIR, dir);
  if (!fs.existsSync(full)) return [];
  return fs
    .readdirSync(full, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => path.join(full, f));
}

describe("no data sources in the program", () => {
  it("no program file calls an AWS data source (they read AWS during every preview)", () => {
    const files = ["index.ts", "program.ts", "config.ts"].map((f) => path.join(PROJECT_DIR, f));
    for (const file of [
      ...files,
      ...sources("stacks"),
      ...sources("components"),
      ...sources("lib"),
      ...sources("schema"),
    ]) {
      const text = fs.readFileSync(file, "utf8");
      const hit = text
        .split("\n")
        .findIndex((line) => INVOKE.test(line) && !line.trim().startsWith("//") && !line.trim().startsWith("*"));
      assert.equal(hit, -1, `${path.relative(PROJECT_DIR, file)}:${hit + 1} calls a data source`);
    }
  });

  it("(control) the pattern catches the usual data sources", () => {
    for (const call of [
      "aws.iam.getPolicyDocument({",
      "aws.getCallerIdentityOutput()",
      "aws.getAvailabilityZones( {})",
    ]) {
      assert.match(call, INVOKE);
    }
  });
});
