/**
 * Reading the stack files given on the command line into plans; every problem names the file.
 */
import * as fs from "fs";
import { parseStackExport } from "../stack-export";
import { derivePlan, PlanOptions, StackPlan } from "./expectations";
import { VerifyInputError } from "./types";
import { REGION_PATTERN } from "../arn";

export function loadPlans(files: string[], opts: PlanOptions = {}): StackPlan[] {
  if (files.length === 0) throw new VerifyInputError("no stack file given; expected one or more FILE.json");
  if (opts.region !== undefined && !REGION_PATTERN.test(opts.region)) {
    throw new VerifyInputError(
      `--region ${JSON.stringify(opts.region)}: expected an AWS region name such as eu-west-1`,
    );
  }
  return files.map((file) => {
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      throw new VerifyInputError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    let exported;
    try {
      exported = parseStackExport(text, file);
    } catch (e) {
      throw new VerifyInputError((e as Error).message);
    }
    return derivePlan(exported, file, opts);
  });
}
