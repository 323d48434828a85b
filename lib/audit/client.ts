/**
 * A typed, promise-based client for one policy pack's Analyzer service, speaking to it as the CLI
 * does (analyzer_plugin.go): insecure loopback channel, the engine's large message limit, and the
 * diagnostics converted to plain objects with the pack's PulumiPolicy.yaml version winning over
 * the version the pack reports (`convertDiagnostics`).
 */
import * as grpc from "@grpc/grpc-js";
import type * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { EnforcementLevel, PolicyConfig, PolicyMeta } from "./pack";
import { proto } from "./proto";

/** The engine raises gRPC's message limit to 400 MiB (rpcutil.GrpcChannelOptions). */
const MAX_MESSAGE = 400 * 1024 * 1024;

const LEVELS: Record<number, EnforcementLevel> = {
  0: "advisory",
  1: "mandatory",
  2: "disabled",
  3: "remediate",
};

export function levelName(level: number): EnforcementLevel {
  const name = LEVELS[level];
  if (!name) throw new Error(`invalid enforcement level ${level}`);
  return name;
}

function levelNumber(level: EnforcementLevel): number {
  return Number(Object.entries(LEVELS).find(([, v]) => v === level)![0]);
}

export interface Violation {
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  description: string;
  message: string;
  enforcementLevel: EnforcementLevel;
  /** The resource the violation is about ("" for a stack policy that named none). */
  urn: string;
}

export interface AnalyzerInfo {
  name: string;
  displayName: string;
  version: string;
  supportsConfig: boolean;
  policies: PolicyMeta[];
  initialConfig: Map<string, PolicyConfig>;
}

function unary<Req, Res>(
  client: grpc.Client,
  method: (req: Req, md: grpc.Metadata, opts: Partial<grpc.CallOptions>, cb: grpc.requestCallback<Res>) => unknown,
  req: Req,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    method.call(client, req, new grpc.Metadata(), {}, (err: grpc.ServiceError | null, res?: Res) => {
      if (err) reject(err);
      else resolve(res as Res);
    });
  });
}

export class AnalyzerConnection {
  private readonly client: InstanceType<typeof proto.grpc.AnalyzerClient>;

  constructor(
    port: number,
    /** The version from PulumiPolicy.yaml, if any. */
    private readonly packVersion?: string,
  ) {
    this.client = new proto.grpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": MAX_MESSAGE,
      "grpc.max_send_message_length": MAX_MESSAGE,
    });
  }

  async pluginVersion(): Promise<string> {
    const res = await unary(this.client, this.client.getPluginInfo, new proto.Empty());
    return res.getVersion();
  }

  async analyzerInfo(): Promise<AnalyzerInfo> {
    const res = await unary(this.client, this.client.getAnalyzerInfo, new proto.Empty());
    const policies: PolicyMeta[] = res
      .getPoliciesList()
      .map((p) => {
        const meta: PolicyMeta = { name: p.getName(), enforcementLevel: levelName(p.getEnforcementlevel()) };
        const schema = p.getConfigschema();
        if (schema) {
          meta.configSchema = {
            properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, Record<string, unknown>>,
            required: schema.getRequiredList(),
          };
        }
        return meta;
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    const initialConfig = new Map<string, PolicyConfig>();
    res.getInitialconfigMap().forEach((v, k) => {
      const cfg: PolicyConfig = { enforcementLevel: levelName(v.getEnforcementlevel()) };
      const props = v.getProperties()?.toJavaScript();
      if (props && Object.keys(props).length > 0) cfg.properties = props as Record<string, unknown>;
      initialConfig.set(k, cfg);
    });
    return {
      name: res.getName(),
      displayName: res.getDisplayname(),
      version: this.packVersion ?? res.getVersion(),
      supportsConfig: res.getSupportsconfig(),
      policies,
      initialConfig,
    };
  }

  /** Configure, skipped when there is nothing to configure (as analyzer.Configure does). */
  async configure(config: Map<string, PolicyConfig>): Promise<void> {
    if (config.size === 0) return;
    const req = new proto.analyzer.ConfigureAnalyzerRequest();
    const map = req.getPolicyconfigMap();
    for (const [name, c] of config) {
      const pc = new proto.analyzer.PolicyConfig();
      pc.setEnforcementlevel(levelNumber(c.enforcementLevel ?? "advisory"));
      pc.setProperties(proto.Struct.fromJavaScript((c.properties ?? {}) as never));
      map.set(name, pc);
    }
    await unary(this.client, this.client.configure, req);
  }

  /** ConfigureStack; a pack too old to implement it is fine, as for the CLI. */
  async configureStack(stack: { stack: string; project: string; organization: string }): Promise<void> {
    const req = new proto.analyzer.AnalyzerStackConfigureRequest();
    req.setStack(stack.stack);
    req.setProject(stack.project);
    req.setOrganization(stack.organization);
    req.setDryRun(true);
    try {
      await unary(this.client, this.client.configureStack, req);
    } catch (e) {
      if ((e as grpc.ServiceError).code !== grpc.status.UNIMPLEMENTED) throw e;
    }
  }

  async analyze(req: analyzerpb.AnalyzeRequest): Promise<Violation[]> {
    const res = await unary(this.client, this.client.analyze, req);
    return this.diagnostics(res);
  }

  /** AnalyzeStack; UNIMPLEMENTED means the pack has no stack policies, as for the CLI. */
  async analyzeStack(req: analyzerpb.AnalyzeStackRequest): Promise<Violation[]> {
    try {
      return this.diagnostics(await unary(this.client, this.client.analyzeStack, req));
    } catch (e) {
      if ((e as grpc.ServiceError).code === grpc.status.UNIMPLEMENTED) return [];
      throw e;
    }
  }

  close(): void {
    this.client.close();
  }

  private diagnostics(res: analyzerpb.AnalyzeResponse): Violation[] {
    return res.getDiagnosticsList().map((d) => ({
      policyName: d.getPolicyname(),
      policyPackName: d.getPolicypackname(),
      policyPackVersion: this.packVersion ?? d.getPolicypackversion(),
      description: d.getDescription(),
      message: d.getMessage(),
      // Remediation that still violates is reported as mandatory (step_generator.go).
      enforcementLevel: d.getEnforcementlevel() === 3 ? "mandatory" : levelName(d.getEnforcementlevel()),
      urn: d.getUrn(),
    }));
  }
}
