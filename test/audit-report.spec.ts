import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { preview } from "../cli/preview";
import { parseStackExport } from "../lib/stack-export";
import { PROJECT_DIR } from "./helpers";
import type { AuditResult, StackFile } from "../lib/audit/audit";
import type { Violation } from "../lib/audit/client";
import { buildDiagram, escapeLabel, nodeId, renderMermaid } from "../lib/audit/mermaid";
import { renderReport } from "../lib/audit/report";
import { summarize } from "../lib/summary";
import { ireStack, orgStack, prodStack, recoveryStack } from "./fixtures/stacks";
import { parseMermaid } from "./mermaid-check";

const VAULT = "urn:pulumi:prod::isolation::aws:backup/vault:Vault::local-vault";

function violation(policyName: string, level: Violation["enforcementLevel"], message: string): Violation {
  return {
    policyName,
    policyPackName: "vault-rules",
    policyPackVersion: "1.2.3",
    description: "d",
    message,
    enforcementLevel: level,
    urn: VAULT,
  };
}

function knownInput(): { result: AuditResult; stacks: StackFile[] } {
  const stacks: StackFile[] = [
    { file: "out/preview/org.json", exported: orgStack() },
    { file: "out/preview/recovery.json", exported: recoveryStack() },
    { file: "out/preview/ire.json", exported: ireStack() },
    { file: "out/preview/prod.json", exported: prodStack({ broken: true }) },
  ];
  const result: AuditResult = {
    stacks: stacks.map(({ file, exported }) => {
      const summary = summarize(exported);
      const violations =
        summary.stack === "prod"
          ? [violation("vault-has-tags", "advisory", "no tags"), violation("vault-protected", "mandatory", "a | b <i>")]
          : [];
      return {
        file,
        stack: summary.stack,
        summary,
        packs: [{ name: "vault-rules", version: "1.2.3", dir: "p", violations }],
      };
    }),
    mandatory: 1,
    advisory: 1,
  };
  return { result, stacks };
}

function mermaidBlock(markdown: string): string {
  const m = /```mermaid\n([\s\S]*?)```/.exec(markdown);
  assert.ok(m, "the report has a mermaid block");
  return m[1];
}

describe("audit: pull-request report", function () {
  this.timeout(60_000);
  const { result, stacks } = knownInput();
  const report = renderReport(result, stacks);

  it("opens with the verdict and one summary row per stack", () => {
    assert.match(report, /^## Isolation audit: ❌ policy check failed\n/);
    assert.ok(report.includes("| `recovery` | 9 | 4 | `organization/isolation/org` | 0 | 0 |"), report);
    assert.ok(report.includes("| `prod` | 2 | 0 | `organization/isolation/recovery` | 1 | 1 |"));
  });

  it("lists resources by type, protected resources and stack references per stack", () => {
    const recovery = report.slice(report.indexOf("### Stack `recovery`"), report.indexOf("### Stack `ire`"));
    assert.ok(recovery.includes("| `aws:backup/vault:Vault` | 1 |"));
    assert.ok(recovery.includes("**Protected resources** (4):"));
    assert.ok(recovery.includes("- `aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault::airgapped`"));
    assert.ok(recovery.includes("**Stack references**: `recovery` → `organization/isolation/org`"));
  });

  it("groups policy results by enforcement level, mandatory first, with table cells escaped", () => {
    const prod = report.slice(report.indexOf("### Stack `prod`"));
    const mandatory = prod.indexOf("#### Mandatory (blocks the deployment): 1");
    const advisory = prod.indexOf("#### Advisory (reported only): 1");
    assert.ok(mandatory > 0 && advisory > mandatory);
    assert.ok(
      prod.includes("| `vault-protected` | vault-rules | `aws:backup/vault:Vault::local-vault` | a \\| b &lt;i&gt; |"),
    );
    assert.ok(
      report.includes("### Stack `org`") && report.slice(report.indexOf("### Stack `org`")).includes("No violations."),
    );
  });

  it("draws accounts, the backup copy flow, the RAM share and the stack references", () => {
    const d = buildDiagram(stacks.map((s) => s.exported));
    assert.deepStrictEqual(
      d.nodes.map((n) => [n.id, n.lines.join(" / ")]),
      [
        ["n_stack_org", "org / account 111111111111"],
        ["n_stack_recovery", "recovery / account 222222222222"],
        ["n_stack_ire", "ire / account 333333333333"],
        ["n_stack_prod", "prod / account 444444444444"],
      ],
    );
    assert.deepStrictEqual(d.edges.map((e) => `${e.from} ${e.kind} ${e.to}: ${e.label}`).sort(), [
      "n_stack_ire reference n_stack_org: reads outputs",
      "n_stack_ire reference n_stack_recovery: reads outputs",
      "n_stack_prod copy n_stack_recovery: backup copy daily to isolation-primary",
      "n_stack_prod reference n_stack_recovery: reads outputs",
      "n_stack_recovery reference n_stack_org: reads outputs",
      "n_stack_recovery share n_stack_ire: RAM share airgapped-to-ire: isolation-airgapped",
    ]);
  });

  it("draws the organization backup policy's copies from the workload accounts to the bunker's vaults", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "diagram-"));
    try {
      const files = await preview({ dir: PROJECT_DIR, out: dir, log: () => undefined });
      const exported = files.map((f) => parseStackExport(fs.readFileSync(f, "utf8"), f));
      const copies = buildDiagram(exported)
        .edges.filter((e) => e.kind === "copy")
        .map((e) => `${e.from} -> ${e.to}: ${e.label}`);
      assert.deepStrictEqual(copies.sort(), [
        "n_stack_prod -> n_stack_recovery: backup copy (org policy isolation-workloads-backup) to isolation-air-gapped",
        "n_stack_prod -> n_stack_recovery: backup copy (org policy isolation-workloads-backup) to isolation-recovery",
      ]);
      // Without a prod stack in the audit, the copies start from the workloads OU.
      const withoutProd = buildDiagram(exported.filter((e) => summarize(e).stack !== "prod"));
      const from = withoutProd.edges.filter((e) => e.kind === "copy").map((e) => e.from);
      assert.deepStrictEqual([...new Set(from)], ["n_workloads_isolation_workloads_backup"]);
      assert.strictEqual(await parseMermaid(renderMermaid(withoutProd)), "flowchart-v2");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("embeds Mermaid that mermaid itself parses as a flowchart", async () => {
    assert.strictEqual(await parseMermaid(mermaidBlock(report)), "flowchart-v2");
  });

  it("keeps node IDs safe and labels escaped, so hostile names still parse", async () => {
    assert.strictEqual(nodeId('prod-"x" end'), "n_prod__x__end");
    assert.strictEqual(escapeLabel('a "b" <c> & d\ne'), "a #quot;b#quot; #lt;c#gt; #amp; d e");
    const odd = prodStack();
    odd.deployment.resources![0].urn = 'urn:pulumi:prod-"end"::isolation::pulumi:pulumi:Stack::x';
    const text = renderMermaid(buildDiagram([odd, recoveryStack()]));
    assert.strictEqual(await parseMermaid(text), "flowchart-v2");
  });

  it("the check itself rejects broken Mermaid", async () => {
    await assert.rejects(parseMermaid("flowchart LR\n  a -->|unclosed b\n"), /Parse error/);
  });
});
