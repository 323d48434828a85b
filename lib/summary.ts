/**
 * What a reviewer wants to see of a stack at a glance: resources by type, which are protected,
 * and which stacks it references. Computed from a stack export, so it works the same on the
 * offline preview's files and on real `pulumi stack export` files.
 */
import { stackOfUrn, StackExport } from "./stack-export";

export interface StackSummary {
  stack: string;
  /** Managed resources (custom, not read), the root stack and providers excluded. */
  resourceCount: number;
  /** [type, count], most frequent first, then by name. */
  byType: [string, number][];
  /** `type::name` of every protected resource. */
  protectedResources: string[];
  /** Stack names this stack reads through stack references (as written in the reference). */
  references: string[];
}

export function nameOfUrn(urn: string): string {
  return urn.split("::").slice(3).join("::");
}

export function summarize(exported: StackExport): StackSummary {
  const resources = exported.deployment.resources ?? [];
  const root = resources.find((r) => r.type === "pulumi:pulumi:Stack") ?? resources[0];
  const counts = new Map<string, number>();
  const protectedResources: string[] = [];
  const references: string[] = [];
  let resourceCount = 0;
  for (const r of resources) {
    if (r.type === "pulumi:pulumi:StackReference") {
      const name = (r.inputs?.name ?? r.outputs?.name ?? r.id) as string | undefined;
      if (name) references.push(name);
      continue;
    }
    if (!r.custom || r.external || r.type.startsWith("pulumi:providers:")) continue;
    resourceCount++;
    counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    if (r.protect) protectedResources.push(`${r.type}::${nameOfUrn(r.urn)}`);
  }
  return {
    stack: root ? stackOfUrn(root.urn) : "(empty)",
    resourceCount,
    byType: [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    protectedResources: protectedResources.sort(),
    references: references.sort(),
  };
}

/** Plain-text rendering for the terminal. */
export function formatSummary(s: StackSummary): string {
  const lines = [`stack ${s.stack}: ${s.resourceCount} resources`];
  for (const [type, n] of s.byType) lines.push(`  ${String(n).padStart(4)}  ${type}`);
  lines.push(s.protectedResources.length === 0 ? "  protected: none" : `  protected (${s.protectedResources.length}):`);
  for (const p of s.protectedResources) lines.push(`    ${p}`);
  lines.push(
    `  stack references: ${s.references.length === 0 ? "none" : s.references.map((r) => `${s.stack} -> ${r}`).join(", ")}`,
  );
  return lines.join("\n");
}
