/**
 * The picture a reviewer needs of the estate, read from the stack files: one node per stack with
 * its role and the account its provider is pinned to (allowedAccountIds), backup copy flows
 * (backup plan rules' copy actions, to the account of the destination vault's ARN), RAM shares
 * (share -> each principal account, with the resources shared) and stack references (dashed,
 * from the reader to the stack it reads). Rendered as a Mermaid flowchart.
 */
import type { ResourceV3, StackExport } from "../stack-export";
import { stackOfUrn } from "../stack-export";
import { nameOfUrn } from "../summary";
import { decodeJson } from "../json";

export interface DiagramNode {
  id: string;
  /** Label lines, joined with line breaks in the diagram. */
  lines: string[];
  /** Stack nodes are accounts we deploy; others are accounts or org units we only point at. */
  kind: "stack" | "external";
}

export interface DiagramEdge {
  from: string;
  to: string;
  label: string;
  kind: "copy" | "share" | "reference";
}

export interface Diagram {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

/** Mermaid node IDs: letters, digits and underscores only, never a reserved word. */
export function nodeId(raw: string): string {
  return "n_" + raw.replace(/[^A-Za-z0-9]/g, "_");
}

/** Text inside a quoted Mermaid label: quotes and angle brackets as entity codes. */
export function escapeLabel(text: string): string {
  return text
    .replace(/&/g, "#amp;")
    .replace(/"/g, "#quot;")
    .replace(/</g, "#lt;")
    .replace(/>/g, "#gt;")
    .replace(/[\r\n]+/g, " ");
}

function props(r: ResourceV3): Record<string, unknown> {
  return { ...(r.inputs ?? {}), ...(r.outputs ?? {}) };
}

const ACCOUNT_IN_ARN = /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/;

export function accountOfArn(arn: string): string | undefined {
  return ACCOUNT_IN_ARN.exec(arn)?.[1];
}

interface StackInfo {
  stack: string;
  role: string;
  accounts: string[];
  resources: ResourceV3[];
}

function stackInfo(exported: StackExport): StackInfo {
  const resources = exported.deployment.resources ?? [];
  const root = resources.find((r) => r.type === "pulumi:pulumi:Stack");
  const stack = stackOfUrn((root ?? resources[0]).urn);
  const role = typeof root?.outputs?.role === "string" ? (root.outputs.role as string) : stack.split("-")[0];
  const accounts = new Set<string>();
  for (const r of resources) {
    if (r.type !== "pulumi:providers:aws") continue;
    const ids = decodeJson(props(r).allowedAccountIds);
    if (Array.isArray(ids)) for (const id of ids) if (typeof id === "string") accounts.add(id);
  }
  return { stack, role, accounts: [...accounts].sort(), resources };
}

function copyDestinations(plan: ResourceV3): string[] {
  const rules = decodeJson(props(plan).rules);
  const out: string[] = [];
  if (!Array.isArray(rules)) return out;
  for (const rule of rules) {
    const actions = (rule as { copyActions?: unknown })?.copyActions;
    if (!Array.isArray(actions)) continue;
    for (const a of actions) {
      const arn = (a as { destinationVaultArn?: unknown })?.destinationVaultArn;
      if (typeof arn === "string") out.push(arn);
    }
  }
  return out;
}

/**
 * Copy targets of an organization backup policy (BACKUP_POLICY): `copy_actions` is keyed by the
 * destination vault ARN in every rule of every plan (AWS Organizations, "Backup policy syntax").
 */
function backupPolicyDestinations(policy: ResourceV3): string[] {
  const p = props(policy);
  if (p.type !== "BACKUP_POLICY") return [];
  const content = decodeJson(p.content) as { plans?: Record<string, { rules?: Record<string, unknown> }> } | undefined;
  const out: string[] = [];
  for (const plan of Object.values(content?.plans ?? {})) {
    for (const rule of Object.values(plan?.rules ?? {})) {
      const actions = (rule as { copy_actions?: Record<string, unknown> } | undefined)?.copy_actions;
      if (actions && typeof actions === "object") out.push(...Object.keys(actions).filter((k) => k.startsWith("arn:")));
    }
  }
  return out;
}

export function buildDiagram(stacks: StackExport[]): Diagram {
  const infos = stacks.map(stackInfo);
  const nodes = new Map<string, DiagramNode>();
  const edges: DiagramEdge[] = [];
  const byAccount = new Map<string, string>();
  const byStack = new Map<string, string>();
  for (const s of infos) {
    const id = nodeId(`stack_${s.stack}`);
    const account = s.accounts.length > 0 ? `account ${s.accounts.join(", ")}` : "account unknown";
    nodes.set(id, { id, lines: [s.stack === s.role ? s.stack : `${s.stack} (${s.role})`, account], kind: "stack" });
    byStack.set(s.stack, id);
    for (const a of s.accounts) if (!byAccount.has(a)) byAccount.set(a, id);
  }
  const accountNode = (account: string): string => {
    const known = byAccount.get(account);
    if (known) return known;
    const id = nodeId(`account_${account}`);
    if (!nodes.has(id)) nodes.set(id, { id, lines: [`account ${account}`], kind: "external" });
    return id;
  };
  const principalNode = (principal: string): string => {
    if (/^\d{12}$/.test(principal)) return accountNode(principal);
    const id = nodeId(`principal_${principal}`);
    if (!nodes.has(id)) {
      const short = principal.split(/[:/]/).slice(-2).join("/");
      nodes.set(id, { id, lines: [short], kind: "external" });
    }
    return id;
  };
  const seen = new Set<string>();
  const addEdge = (e: DiagramEdge) => {
    const key = `${e.from}|${e.to}|${e.kind}|${e.label}`;
    if (!seen.has(key)) {
      seen.add(key);
      edges.push(e);
    }
  };

  for (const s of infos) {
    const from = byStack.get(s.stack)!;
    for (const r of s.resources) {
      if (r.type === "aws:backup/plan:Plan") {
        for (const arn of copyDestinations(r)) {
          const account = accountOfArn(arn);
          const vault = arn.split(":").pop() ?? arn;
          addEdge({
            from,
            to: account ? accountNode(account) : principalNode(arn),
            label: `backup copy ${nameOfUrn(r.urn)} to ${vault}`,
            kind: "copy",
          });
        }
      }
    }
    // An organization backup policy copies from every workload account of the OU it is attached to:
    // the audited prod stacks, or the OU itself when none is audited.
    for (const r of s.resources) {
      if (r.type !== "aws:organizations/policy:Policy") continue;
      const targets = backupPolicyDestinations(r);
      if (targets.length === 0) continue;
      let sources = infos.filter((i) => i.role === "prod").map((i) => byStack.get(i.stack)!);
      if (sources.length === 0) {
        const id = nodeId(`workloads_${nameOfUrn(r.urn)}`);
        if (!nodes.has(id))
          nodes.set(id, { id, lines: ["workload accounts", `(${nameOfUrn(r.urn)})`], kind: "external" });
        sources = [id];
      }
      for (const arn of targets) {
        const account = accountOfArn(arn);
        const vault = arn.split(":").pop() ?? arn;
        for (const source of sources) {
          addEdge({
            from: source,
            to: account ? accountNode(account) : principalNode(arn),
            label: `backup copy (org policy ${nameOfUrn(r.urn)}) to ${vault}`,
            kind: "copy",
          });
        }
      }
    }
    // RAM: shares, their principals and the resources they carry.
    const shares = s.resources.filter((r) => r.type === "aws:ram/resourceShare:ResourceShare");
    for (const share of shares) {
      const arn = props(share).arn ?? share.id;
      const belongs = (r: ResourceV3) => {
        const shareArn = props(r).resourceShareArn;
        return shareArn === arn || (r.dependencies ?? []).includes(share.urn);
      };
      const shared = s.resources
        .filter((r) => r.type === "aws:ram/resourceAssociation:ResourceAssociation" && belongs(r))
        .map((r) =>
          String(props(r).resourceArn ?? nameOfUrn(r.urn))
            .split(":")
            .pop(),
        );
      const principals = s.resources
        .filter((r) => r.type === "aws:ram/principalAssociation:PrincipalAssociation" && belongs(r))
        .map((r) => String(props(r).principal ?? ""))
        .filter((p) => p !== "");
      const what = shared.length > 0 ? `: ${shared.join(", ")}` : "";
      for (const p of principals) {
        addEdge({ from, to: principalNode(p), label: `RAM share ${nameOfUrn(share.urn)}${what}`, kind: "share" });
      }
    }
    for (const r of s.resources) {
      if (r.type !== "pulumi:pulumi:StackReference") continue;
      const name = String(props(r).name ?? r.id ?? "");
      const target = name.split("/").pop() ?? name;
      let to = byStack.get(target);
      if (!to) {
        to = nodeId(`stack_${target}`);
        if (!nodes.has(to)) nodes.set(to, { id: to, lines: [name, "not audited"], kind: "external" });
      }
      addEdge({ from, to, label: "reads outputs", kind: "reference" });
    }
  }
  return { nodes: [...nodes.values()], edges };
}

export function renderMermaid(d: Diagram): string {
  const lines = ["flowchart LR"];
  for (const n of d.nodes) {
    const label = n.lines.map(escapeLabel).join("<br/>");
    lines.push(n.kind === "stack" ? `  ${n.id}["${label}"]` : `  ${n.id}(["${label}"])`);
  }
  for (const e of d.edges) {
    const label = `|"${escapeLabel(e.label)}"|`;
    const arrow = e.kind === "reference" ? `-.->${label}` : e.kind === "share" ? `==>${label}` : `-->${label}`;
    lines.push(`  ${e.from} ${arrow} ${e.to}`);
  }
  return lines.join("\n") + "\n";
}
