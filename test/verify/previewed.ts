/**
 * The project's own stacks as `pulumi stack export` files, written by the offline preview
 * (cli/preview.ts) into a temporary folder: the real input verify derives its expectations from.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { preview } from "../../cli/preview";
import { parseStackExport, StackExport } from "../../lib/stack-export";
import { PROJECT_DIR } from "../helpers";

export interface Previewed {
  dir: string;
  file(stack: string): string;
  exported(stack: string): StackExport;
  cleanup(): void;
}

export async function previewStacks(): Promise<Previewed> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-preview-"));
  const written = await preview({ dir: PROJECT_DIR, out: dir, log: () => undefined });
  const files = new Map(written.map((f) => [path.basename(f, ".json"), f]));
  const get = (stack: string) => {
    const f = files.get(stack);
    if (!f) throw new Error(`the preview wrote no ${stack}.json (have ${[...files.keys()].join(", ")})`);
    return f;
  };
  return {
    dir,
    file: get,
    // Parsed afresh each time, so a test may change its copy.
    exported: (stack) => parseStackExport(fs.readFileSync(get(stack), "utf8"), get(stack)),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
