/**
 * Rule 7: the recovery account and the IRE have no path to the internet or to other networks.
 * They reach AWS services through interface endpoints with private DNS and a scoped policy.
 */
import type { ResourceValidationArgs } from "@pulumi/policy";
import { asArray, decodeList, label, resourcePolicy } from "./common";
import { parsePolicyDocument } from "./iam";

/** Resources whose only purpose is a path out of the VPC (internet, peering, transit, VPN). */
export const FORBIDDEN_NETWORK_TYPES: Readonly<Record<string, string>> = {
  "aws:ec2/internetGateway:InternetGateway": "an internet gateway",
  "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment": "an internet gateway attachment",
  "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway": "an egress-only internet gateway",
  "aws:ec2/natGateway:NatGateway": "a NAT gateway",
  "aws:ec2/carrierGateway:CarrierGateway": "a carrier gateway",
  "aws:ec2/eip:Eip": "an Elastic (public) IP",
  "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": "a VPC peering connection",
  "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter": "a VPC peering connection",
  "aws:ec2/peeringConnectionOptions:PeeringConnectionOptions": "VPC peering options",
  "aws:ec2transitgateway/vpcAttachment:VpcAttachment": "a transit gateway attachment",
  "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter": "a transit gateway attachment",
  "aws:ec2transitgateway/peeringAttachment:PeeringAttachment": "a transit gateway peering attachment",
  "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter": "a transit gateway peering attachment",
  "aws:ec2/transitGatewayPeeringAttachmentAccepter:TransitGatewayPeeringAttachmentAccepter":
    "a transit gateway peering attachment",
  "aws:ec2/vpnGateway:VpnGateway": "a VPN gateway",
  "aws:ec2/vpnGatewayAttachment:VpnGatewayAttachment": "a VPN gateway attachment",
  "aws:ec2/vpnConnection:VpnConnection": "a VPN connection",
  "aws:ec2/customerGateway:CustomerGateway": "a customer gateway",
};

const SG = "aws:ec2/securityGroup:SecurityGroup";
const DEFAULT_SG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const SG_INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const SG_EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const SUBNET = "aws:ec2/subnet:Subnet";
const INSTANCE = "aws:ec2/instance:Instance";
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
const ROUTE = "aws:ec2/route:Route";
const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
const DEFAULT_ROUTE_TABLE = "aws:ec2/defaultRouteTable:DefaultRouteTable";
const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const ENDPOINT_POLICY = "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy";
const FUNCTION = "aws:lambda/function:Function";

/** 0.0.0.0/0, ::/0 and any other spelling of a /0 prefix: the whole address space. */
export function isAnyCidr(cidr: unknown): boolean {
  if (typeof cidr !== "string") return false;
  const [addr, len] = cidr.trim().split("/");
  return len !== undefined && /^\d+$/.test(len) && Number(len) === 0 && addr !== "";
}

function anyCidrs(values: unknown): string[] {
  return (decodeList(values) ?? []).filter(isAnyCidr);
}

/** A policy that allows everything to everyone without a condition (the default endpoint policy). */
export function isUnconditionalStar(policy: unknown): boolean {
  const parsed = parsePolicyDocument(policy);
  if (!parsed.ok) return false;
  return parsed.statements.some(
    (s) =>
      s.effect === "Allow" &&
      (s.principal?.any === true || s.notPrincipal !== undefined) &&
      (s.actions?.includes("*") === true || s.notActions !== undefined) &&
      (s.resources?.includes("*") === true || s.notResources !== undefined) &&
      s.condition === undefined,
  );
}

function problemsOf(args: ResourceValidationArgs): string[] {
  const p = args.props;
  const out: string[] = [];
  const forbidden = FORBIDDEN_NETWORK_TYPES[args.type];
  if (forbidden) return [`is ${forbidden}`];
  switch (args.type) {
    case SG:
    case DEFAULT_SG:
      for (const dir of ["ingress", "egress"] as const) {
        for (const rule of asArray(p[dir])) {
          const open = [...anyCidrs(rule.cidrBlocks), ...anyCidrs(rule.ipv6CidrBlocks)];
          if (open.length > 0) out.push(`has an ${dir} rule open to ${open.join(", ")}`);
        }
      }
      break;
    case SG_RULE: {
      const open = [...anyCidrs(p.cidrBlocks), ...anyCidrs(p.ipv6CidrBlocks)];
      if (open.length > 0) out.push(`opens ${String(p.type ?? "a rule")} to ${open.join(", ")}`);
      break;
    }
    case SG_INGRESS:
    case SG_EGRESS: {
      const open = [p.cidrIpv4, p.cidrIpv6].filter(isAnyCidr);
      if (open.length > 0) out.push(`is open to ${open.join(", ")}`);
      break;
    }
    case SUBNET:
      if (p.mapPublicIpOnLaunch === true) out.push("maps a public IP on launch");
      break;
    case INSTANCE:
      if (p.associatePublicIpAddress === true) out.push("associates a public IP address");
      break;
    case LAUNCH_TEMPLATE:
      for (const ni of asArray(p.networkInterfaces)) {
        if (String(ni.associatePublicIpAddress) === "true") out.push("gives its network interfaces a public IP");
      }
      break;
    case ROUTE: {
      const open = [p.destinationCidrBlock, p.destinationIpv6CidrBlock].filter(isAnyCidr);
      if (open.length > 0) out.push(`routes ${open.join(", ")} out of the VPC`);
      break;
    }
    case ROUTE_TABLE:
    case DEFAULT_ROUTE_TABLE:
      for (const r of asArray(p.routes)) {
        const open = [r.cidrBlock, r.ipv6CidrBlock].filter(isAnyCidr);
        if (open.length > 0) out.push(`has a route for ${open.join(", ")}`);
      }
      break;
    case ENDPOINT: {
      const type = typeof p.vpcEndpointType === "string" ? p.vpcEndpointType : "Gateway";
      if (type.toLowerCase() !== "interface") break;
      if (p.privateDnsEnabled !== true) out.push("does not enable private DNS");
      if (p.policy === undefined || p.policy === null || p.policy === "") {
        out.push("has no endpoint policy (the default allows every action to every principal)");
      } else if (!parsePolicyDocument(p.policy).ok) {
        out.push(`has an endpoint policy that is ${(parsePolicyDocument(p.policy) as { error: string }).error}`);
      } else if (isUnconditionalStar(p.policy)) {
        out.push('has an endpoint policy that allows "*" to "*" without a condition');
      }
      break;
    }
    case FUNCTION: {
      // "By default, Lambda runs your functions in a secure VPC with access to AWS services and the
      // internet" (AWS Lambda developer guide, "Giving Lambda functions access to resources in an
      // Amazon VPC"): a function without vpcConfig has an internet path whatever the VPC allows.
      const vpc = p.vpcConfig as { subnetIds?: unknown } | undefined | null;
      const subnets = vpc ? (decodeList(vpc.subnetIds) ?? []) : [];
      if (subnets.length === 0)
        out.push("runs outside the VPC (no vpcConfig.subnetIds), on Lambda's internet-connected network");
      break;
    }
    case ENDPOINT_POLICY:
      if (!parsePolicyDocument(p.policy).ok || isUnconditionalStar(p.policy)) {
        out.push('sets an endpoint policy that is unreadable or allows "*" to "*" without a condition');
      }
      break;
  }
  return out;
}

export const isolatedNetwork = resourcePolicy({
  name: "isolated-network",
  description:
    "The recovery account and the IRE have no internet, NAT, peering, transit gateway or VPN path, no public IPs, no 0.0.0.0/0 or ::/0 routes or security group rules, no Lambda function outside the VPC, and interface endpoints with private DNS and a scoped policy.",
  rule: 7,
  roles: ["recovery", "ire"],
  types: [
    ...Object.keys(FORBIDDEN_NETWORK_TYPES),
    SG,
    DEFAULT_SG,
    SG_RULE,
    SG_INGRESS,
    SG_EGRESS,
    SUBNET,
    INSTANCE,
    LAUNCH_TEMPLATE,
    ROUTE,
    ROUTE_TABLE,
    DEFAULT_ROUTE_TABLE,
    ENDPOINT,
    ENDPOINT_POLICY,
    FUNCTION,
  ],
  check(args, ctx, report) {
    const problems = problemsOf(args);
    if (problems.length === 0) return;
    report(
      `${label(args)} ${problems.join("; ")}: the ${ctx.role} account must have no internet or cross-boundary network path. Fix: remove it, or keep traffic inside the VPC (private subnets, routes only to local and endpoints, security group rules to VPC CIDRs or security groups, interface endpoints with privateDnsEnabled and a policy scoped by principal or condition).`,
    );
  },
});
