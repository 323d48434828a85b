/**
 * A fake recovery account for the drill's tests, built with aws-sdk-client-mock: every command any
 * Backup, KMS or CloudTrail client sends is answered by `answer`, the way AWS would answer it under
 * the policies a test sets up (by default: the recovery OU's SCP denies everything the drill tries).
 * S3 and Organizations clients are mocked too, so that a call to them would be recorded (and fail).
 */
import { BackupClient, BackupServiceException, ResourceNotFoundException } from "@aws-sdk/client-backup";
import { CloudTrailClient, CloudTrailServiceException, TrailNotFoundException } from "@aws-sdk/client-cloudtrail";
import { KMSClient, KMSServiceException, NotFoundException } from "@aws-sdk/client-kms";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { S3Client } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import type { DrillClients } from "../../lib/drill/send";
import { sdkClients } from "../../lib/verify/clients";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export type Service = "backup" | "kms" | "cloudtrail";

/** One call as the fake saw it. */
export interface SeenCall {
  service: Service | "sts" | "s3" | "organizations";
  /** `DeleteBackupVault` */
  operation: string;
  /** `backup:DeleteBackupVault` */
  action: string;
  region: string;
  input: Record<string, unknown>;
}

/** How AWS answers a call: one of these, decided per call by `FakeGuardrails.answer`. */
export type Answer =
  | "scp"
  | "scp-with-arn"
  | "vault-policy"
  | "explicit-unstated"
  | "no-identity-allow"
  | "identity-deny"
  | "no-reason"
  | "not-found"
  | "throttled"
  | "accepted";

const BASES = { backup: BackupServiceException, kms: KMSServiceException, cloudtrail: CloudTrailServiceException };
const SCP_ARN = "arn:aws:organizations::111111111111:policy/o-exampleorg/service_control_policy/p-recovery1";

interface Stub {
  calls(): { args: unknown[] }[];
  restore(): void;
}

export class FakeGuardrails {
  account = "222222222222";
  readonly arn = () => `arn:aws:sts::${this.account}:assumed-role/IsolationDrill/test`;
  /** Decides each answer; by default the SCP denies everything. */
  answer: (call: SeenCall) => Answer = () => "scp";
  readonly seen: SeenCall[] = [];
  private readonly stubs: Stub[] = [];

  private error(call: SeenCall, answer: Exclude<Answer, "accepted">): Error {
    const base = BASES[call.service as Service];
    const denied = (reason: string) =>
      new base({
        name: "AccessDeniedException",
        $fault: "client",
        $metadata: { httpStatusCode: 400 },
        message: `User: ${this.arn()} is not authorized to perform: ${call.action} on resource: arn:aws:${call.service}:${call.region}:${this.account}:something${reason}`,
      });
    switch (answer) {
      case "scp":
        return denied(" with an explicit deny in a service control policy");
      case "scp-with-arn":
        return denied(` with an explicit deny in a service control policy: ${SCP_ARN}`);
      case "vault-policy":
        return denied(" with an explicit deny in a resource-based policy");
      case "explicit-unstated":
        return denied(" with an explicit deny");
      case "no-identity-allow":
        return denied(` because no identity-based policy allows the ${call.action} action`);
      case "identity-deny":
        return denied(" with an explicit deny in an identity-based policy");
      case "no-reason":
        return denied("");
      case "throttled":
        return new base({
          name: "ThrottlingException",
          $fault: "client",
          $metadata: { httpStatusCode: 400 },
          message: "Rate exceeded",
        });
      case "not-found": {
        const meta = { $fault: "client" as const, $metadata: { httpStatusCode: 400 } };
        if (call.service === "kms")
          return new NotFoundException({ ...meta, message: `Key '${call.input.KeyId}' does not exist` });
        if (call.service === "cloudtrail") return new TrailNotFoundException({ ...meta, message: "Unknown trail" });
        return new ResourceNotFoundException({ ...meta, message: "Resource not found" });
      }
    }
  }

  install(): DrillClients {
    const region = async (getClient: () => { config: { region: () => Promise<string> | string } }) =>
      String(await getClient().config.region());
    const sts = mockClient(STSClient);
    sts.on(GetCallerIdentityCommand).callsFake(async (_input, getClient) => {
      this.seen.push({
        service: "sts",
        operation: "GetCallerIdentity",
        action: "",
        region: await region(getClient),
        input: {},
      });
      return { Account: this.account, Arn: this.arn(), UserId: "AROAEXAMPLE:test" };
    });
    for (const [service, Client] of [
      ["backup", BackupClient],
      ["kms", KMSClient],
      ["cloudtrail", CloudTrailClient],
    ] as const) {
      const mock = mockClient(Client as typeof BackupClient);
      // Any command of the client: the fake judges by the command's class name.
      mock.callsFake(async (input: Record<string, unknown>, getClient: Parameters<typeof region>[0]) => {
        const command = mock.calls().at(-1)!.args[0] as object;
        const operation = command.constructor.name.replace(/Command$/, "");
        const call: SeenCall = {
          service,
          operation,
          action: `${service}:${operation}`,
          region: await region(getClient),
          input,
        };
        this.seen.push(call);
        const answer = this.answer(call);
        if (answer === "accepted") return {};
        throw this.error(call, answer);
      });
      this.stubs.push(mock);
    }
    for (const [service, Client] of [
      ["s3", S3Client],
      ["organizations", OrganizationsClient],
    ] as const) {
      const mock = mockClient(Client as typeof S3Client);
      mock.callsFake(async (input: Record<string, unknown>) => {
        this.seen.push({ service, operation: "?", action: "?", region: "?", input });
        throw new Error(`the drill must never call ${service}`);
      });
      this.stubs.push(mock);
    }
    this.stubs.push(sts);
    return sdkClients();
  }

  /** The calls made to the services the drill probes (not STS). */
  probes(): SeenCall[] {
    return this.seen.filter((c) => c.service !== "sts");
  }

  restore(): void {
    for (const s of this.stubs) s.restore();
    this.stubs.length = 0;
  }
}
