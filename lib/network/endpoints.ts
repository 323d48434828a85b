/**
 * The AWS services the IRE reaches through interface endpoints, and their service names.
 *
 * Every default below is listed as com.amazonaws.<region>.<name> in "AWS services that integrate
 * with AWS PrivateLink" (https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html):
 * backup (AWS Backup), kms, sts, logs (CloudWatch Logs), monitoring (CloudWatch), events
 * (EventBridge), sns, ec2, ebs (EBS direct APIs), ssm, ssmmessages and ec2messages (Systems
 * Manager Session Manager and Run Command, so restored instances can be inspected without SSH or
 * any inbound rule). S3 is reached through a gateway endpoint instead (no interface endpoint cost,
 * and it routes through the route tables the policy can pin).
 */

export const DEFAULT_INTERFACE_ENDPOINTS = [
  "backup",
  "kms",
  "sts",
  "logs",
  "monitoring",
  "events",
  "sns",
  "ec2",
  "ebs",
  "ssm",
  "ssmmessages",
  "ec2messages",
] as const;

/** The part after com.amazonaws.<region>.: lower-case words separated by dots (`ecr.api`, `backup-gateway`). */
export const ENDPOINT_SERVICE_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)*$/;

/** Services the private network reaches through a gateway endpoint, so never also through an interface endpoint. */
export const GATEWAY_SERVICES = ["s3"];

/** `com.amazonaws.eu-west-1.backup`. */
export function endpointServiceName(region: string, service: string): string {
  return `com.amazonaws.${region}.${service}`;
}

/** A resource-name-safe form of a service name (`ecr.api` -> `ecr-api`). */
export function endpointLogicalName(service: string): string {
  return service.replace(/\./g, "-");
}
