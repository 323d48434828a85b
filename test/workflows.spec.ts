/**
 * The GitHub Actions workflows: valid against the workflow JSON schema (@action-validator/core
 * bundles SchemaStore's github-workflow schema and runs offline), and wired as the project needs.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const validator = require("@action-validator/core") as {
  validateWorkflow(src: string): { errors: { code: string; path?: string; title: string; detail?: string }[] };
};

const DIR = path.resolve(__dirname, "..", ".github", "workflows");

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; id?: string };
type Job = {
  needs?: string | string[];
  uses?: string;
  with?: Record<string, unknown>;
  permissions?: Record<string, string>;
  steps?: Step[];
  strategy?: { matrix: { include: Record<string, string>[] } };
};
type Workflow = { on: Record<string, unknown>; jobs: Record<string, Job>; permissions?: Record<string, string> };

function load(name: string): Workflow {
  return YAML.parse(fs.readFileSync(path.join(DIR, name), "utf8")) as Workflow;
}

const needs = (job: Job) => (Array.isArray(job.needs) ? job.needs : job.needs ? [job.needs] : []);

describe("GitHub Actions workflows", () => {
  const files = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));

  it("exist: pull-request.yml and deploy.yml", () => {
    assert.ok(files.includes("pull-request.yml") && files.includes("deploy.yml"), files.join(", "));
  });

  for (const file of files) {
    it(`${file} is valid against the workflow schema`, () => {
      const { errors } = validator.validateWorkflow(fs.readFileSync(path.join(DIR, file), "utf8"));
      assert.deepStrictEqual(errors, []);
    });
  }

  it("the schema check rejects an invalid workflow (it is really checking)", () => {
    const { errors } = validator.validateWorkflow(
      "on: push\njobs:\n  a:\n    runs-onn: ubuntu-latest\n    steps: []\n",
    );
    assert.ok(errors.length > 0);
  });

  describe("pull requests", () => {
    const wf = load("pull-request.yml");
    const runs = (job: Job) => (job.steps ?? []).map((s) => s.run).filter(Boolean);

    it("run npm ci and npm test, then the offline preview with its audit report posted as a comment", () => {
      assert.ok("pull_request" in wf.on);
      assert.deepStrictEqual(runs(wf.jobs.test).slice(0, 2), ["npm ci", "npm test"]);
      const audit = wf.jobs["offline-audit"];
      assert.deepStrictEqual(needs(audit), ["test"]);
      assert.ok(runs(audit).includes("npm run preview -- --report out/audit-report.md"));
      assert.strictEqual(audit.permissions?.["pull-requests"], "write");
      const post = audit.steps!.find((s) => s.uses?.startsWith("actions/github-script@"));
      assert.match(String(post?.with?.script), /out\/audit-report\.md/);
    });

    it("preview each stack with pulumi/actions and the policy pack, OIDC into that account's role", () => {
      const job = wf.jobs.preview;
      assert.deepStrictEqual(needs(job), ["offline-audit"]);
      assert.strictEqual(job.permissions?.["id-token"], "write");
      const include = job.strategy!.matrix.include;
      assert.deepStrictEqual(
        include.map((i) => i.stack),
        ["org", "recovery", "ire", "prod"],
      );
      assert.strictEqual(new Set(include.map((i) => i["role-variable"])).size, 4, "one deploy role per account");
      const aws = job.steps!.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))!;
      assert.strictEqual(aws.with?.["role-to-assume"], "${{ vars[matrix.role-variable] }}");
      const pulumi = job.steps!.find((s) => s.uses?.startsWith("pulumi/actions@v6"))!;
      assert.strictEqual(pulumi.with?.command, "preview");
      assert.strictEqual(pulumi.with?.["comment-on-pr"], true);
      assert.strictEqual(pulumi.with?.policyPacks, "policypack");
      assert.strictEqual(pulumi.with?.policyPackConfigs, "out/policy-pack-config.json");
      assert.ok(job.steps!.some((s) => s.run === "npm run gen:pack-config -- out/policy-pack-config.json"));
      assert.match(String(pulumi.with?.["stack-name"]), /\$\{\{ matrix\.stack \}\}$/);
    });
  });

  describe("main", () => {
    const wf = load("deploy.yml");
    const stackJob = load("deploy-stack.yml").jobs.up;

    it("runs pulumi up in trust order: org, recovery, then prod and ire in parallel", () => {
      assert.ok("push" in wf.on);
      assert.deepStrictEqual(needs(wf.jobs.org), ["test"]);
      assert.deepStrictEqual(needs(wf.jobs.recovery), ["org"]);
      assert.deepStrictEqual(needs(wf.jobs.ire), ["recovery"]);
      assert.deepStrictEqual(needs(wf.jobs.prod), ["recovery"]);
      for (const stack of ["org", "recovery", "ire", "prod"]) {
        const job = wf.jobs[stack];
        assert.strictEqual(job.uses, "./.github/workflows/deploy-stack.yml");
        assert.strictEqual(job.with?.stack, stack);
        assert.strictEqual(job.permissions?.["id-token"], "write", `${stack} grants OIDC to the called workflow`);
      }
    });

    it("each stack's job assumes its own role by OIDC and runs up with the policy pack", () => {
      const aws = stackJob.steps!.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))!;
      assert.strictEqual(aws.with?.["role-to-assume"], "${{ vars[inputs.role-variable] }}");
      const pulumi = stackJob.steps!.find((s) => s.uses?.startsWith("pulumi/actions@v6"))!;
      assert.strictEqual(pulumi.with?.command, "up");
      assert.strictEqual(pulumi.with?.policyPacks, "policypack");
      assert.strictEqual(pulumi.with?.policyPackConfigs, "out/policy-pack-config.json");
      assert.strictEqual(load("deploy-stack.yml").permissions?.["id-token"], "write");
    });
  });

  describe("daily verification", () => {
    const wf = load("verify.yml");
    const job = wf.jobs.verify;

    it("runs every day (and on demand), for every stack, each in its own account", () => {
      assert.ok("schedule" in wf.on && "workflow_dispatch" in wf.on);
      const include = job.strategy!.matrix.include;
      assert.deepStrictEqual(
        include.map((i) => i.stack),
        ["org", "recovery", "ire", "prod"],
      );
      assert.strictEqual(new Set(include.map((i) => i["role-variable"])).size, 4, "one verify role per account");
      for (const i of include) {
        assert.match(i["role-variable"], /_VERIFY_ROLE_ARN$/, "a read-only verify role, never the deploy role");
      }
      assert.strictEqual(wf.permissions?.["id-token"], "write");
    });

    it("exports the deployed stack, then verifies that export as the account's verify role", () => {
      const steps = job.steps!;
      const exported = steps.findIndex((s) => /pulumi stack export --stack .*matrix\.stack/.test(s.run ?? ""));
      const aws = steps.findIndex((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
      const verify = steps.findIndex((s) => s.run === 'npm run verify -- "out/${{ matrix.stack }}.json"');
      assert.ok(exported >= 0 && aws > exported && verify > aws, `steps out of order: ${exported}, ${aws}, ${verify}`);
      assert.strictEqual(steps[aws].with?.["role-to-assume"], "${{ vars[matrix.role-variable] }}");
      assert.match(String(steps[exported].run), /--file "out\/\$\{\{ matrix\.stack \}\}\.json"/);
      assert.ok(
        steps.some((s) => s.uses === "pulumi/actions@v6" && !s.with),
        "the CLI only, no command",
      );
    });

    it("drills the recovery stack's guardrails as a separate drill role, never a verify or deploy role", () => {
      const drill = wf.jobs.drill;
      assert.ok(drill, "a drill job");
      assert.strictEqual(drill.strategy, undefined, "the recovery stack only");
      const steps = drill.steps!;
      const exported = steps.findIndex((s) =>
        /pulumi stack export --stack .*\/recovery" --file out\/recovery\.json/.test(s.run ?? ""),
      );
      const aws = steps.findIndex((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
      const run = steps.findIndex((s) => s.run === "npm run drill -- out/recovery.json");
      assert.ok(exported >= 0 && aws > exported && run > aws, `steps out of order: ${exported}, ${aws}, ${run}`);
      assert.strictEqual(steps[aws].with?.["role-to-assume"], "${{ vars.RECOVERY_DRILL_ROLE_ARN }}");
      assert.strictEqual(steps.filter((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@")).length, 1);
      // The verify job never runs the drill, so the verify roles need no Allow for destructive calls.
      assert.ok(!job.steps!.some((s) => /npm run drill/.test(s.run ?? "")));
      assert.ok(!job.strategy!.matrix.include.some((i) => /DRILL/.test(i["role-variable"])));
    });
  });
});
