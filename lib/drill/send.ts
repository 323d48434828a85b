/**
 * Sending a probe's command with the client of its service, and catching what AWS answers. The
 * drill gets only the clients it may use: STS for the identity check, and Backup, KMS and CloudTrail
 * for its probes; it has no way to reach S3, Organizations or IAM.
 */
import type { AwsClients } from "../verify/clients";
import type { Outcome } from "./judge";
import type { Probe } from "./types";

export type DrillClients = Pick<AwsClients, "sts" | "backup" | "kms" | "cloudtrail">;

/** What every SDK v3 client can do with a command of its own service. */
interface Sender {
  send(command: unknown): Promise<unknown>;
}

function clientFor(probe: Probe, clients: DrillClients): Sender {
  switch (probe.service) {
    case "backup":
      return clients.backup(probe.region) as unknown as Sender;
    case "kms":
      return clients.kms(probe.region) as unknown as Sender;
    case "cloudtrail":
      return clients.cloudtrail(probe.region) as unknown as Sender;
  }
}

export async function sendProbe(probe: Probe, clients: DrillClients): Promise<Outcome> {
  try {
    await clientFor(probe, clients).send(probe.command);
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}
