/**
 * `npm run build:pack [-- OUT_DIR]`: the policy pack as one self-contained folder (default
 * out/policypack) that `pulumi policy publish` can upload.
 *
 * ./policypack imports shared code from ../lib (the guarded action list, the trust order, the JSON
 * decoding), so that the pack and the stacks cannot drift apart. `pulumi policy publish` uploads
 * the pack's own folder as a tarball ("The source directory is tarballed and uploaded", Pulumi
 * Cloud provider, PolicyPack resource), so ../lib would be missing there. esbuild bundles the pack
 * and everything it imports into one index.js; @pulumi/policy and @pulumi/pulumi stay external
 * (the policy SDK must be the one the analyzer host installs, and there is one process-wide
 * PolicyPack server per process), pinned in the generated package.json to the versions this
 * repository runs.
 */
import { buildSync } from "esbuild";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const SOURCE = path.join(ROOT, "policypack");
/** Left to npm in the published folder; everything else is bundled. */
export const PACK_EXTERNALS = ["@pulumi/policy", "@pulumi/pulumi"] as const;

interface PackageJson {
  name: string;
  version: string;
  description?: string;
  license?: string;
  dependencies?: Record<string, string>;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

/** Builds the folder and returns its path. Throws when a source file is missing or the bundle fails. */
export function buildPack(outDir: string = path.join(ROOT, "out", "policypack")): string {
  const source = readJson<PackageJson>(path.join(SOURCE, "package.json"));
  const root = readJson<PackageJson>(path.join(ROOT, "package.json"));
  const dependencies: Record<string, string> = {};
  for (const name of PACK_EXTERNALS) {
    const version = root.dependencies?.[name];
    if (!version) throw new Error(`package.json: dependencies.${name} is missing; the pack needs it pinned`);
    dependencies[name] = version;
  }
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  buildSync({
    entryPoints: [path.join(SOURCE, "index.ts")],
    outfile: path.join(outDir, "index.js"),
    bundle: true,
    platform: "node",
    format: "cjs",
    // The oldest Node.js this project supports (package.json engines).
    target: "node20",
    external: [...PACK_EXTERNALS],
    legalComments: "none",
    logLevel: "silent",
  });
  fs.copyFileSync(path.join(SOURCE, "PulumiPolicy.yaml"), path.join(outDir, "PulumiPolicy.yaml"));
  const pkg = {
    name: source.name,
    version: source.version,
    private: true,
    description: `${source.name}, bundled from ./policypack by npm run build:pack for pulumi policy publish.`,
    license: source.license,
    main: "index.js",
    dependencies,
  };
  fs.writeFileSync(path.join(outDir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  return outDir;
}

if (require.main === module) {
  const out = buildPack(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  console.log(`policy pack bundled into ${path.relative(process.cwd(), out) || "."}`);
  console.log(`publish it with: cd ${path.relative(process.cwd(), out)} && npm install && pulumi policy publish <org>`);
}
