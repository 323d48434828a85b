/**
 * The IRE's private network: a VPC with no path to the internet or to any other network. One
 * private subnet per configured AZ, route tables without a default route, the default security
 * group emptied, and AWS reached only through PrivateLink interface endpoints and an S3 gateway
 * endpoint, each with a policy that admits this organization's principals only.
 *
 * What it never creates (and test/ire-stack.spec.ts enumerates): internet, NAT, egress-only or
 * transit gateways, peering, VPN, public IPs, routes. The org stack's IRE SCP refuses those too.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { splitCidr } from "../lib/network/cidr";
import {
  ENDPOINT_POLICY_MAX_CHARS,
  interfaceEndpointPolicy,
  s3GatewayEndpointPolicy,
} from "../lib/network/endpoint-policy";
import { endpointLogicalName, endpointServiceName } from "../lib/network/endpoints";
import { assertPolicySize } from "../lib/recoverypolicies/document";
import { requireProvider } from "./provider";

const HTTPS = 443;

export interface PrivateNetworkArgs {
  /** The VPC's IPv4 CIDR (/16 to /28). */
  vpcCidr: string;
  /** AZ names of the stack's region, one private subnet in each. */
  availabilityZones: string[];
  /** Prefix length of every subnet; the VPC CIDR is split into equal blocks of it. */
  subnetPrefixLength: number;
  /** Services reached through interface endpoints (`backup`, `kms`, ...; without com.amazonaws.<region>.). */
  interfaceEndpoints: string[];
  /** The stack's region, for endpoint service names. */
  region: string;
  /** The organization (o-...) whose principals, and for S3 whose buckets, the endpoints admit. */
  organizationId: pulumi.Input<string>;
  /** Prefix of the Name tags. */
  namePrefix: string;
}

export class PrivateNetwork extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly subnetIds: pulumi.Output<string[]>;
  readonly routeTableIds: pulumi.Output<string[]>;
  readonly endpointSecurityGroupId: pulumi.Output<string>;
  /** For restored resources: no inbound rule, outbound HTTPS to the VPC (the endpoints) only. */
  readonly restoreTargetSecurityGroupId: pulumi.Output<string>;
  readonly endpointIds: pulumi.Output<Record<string, string>>;
  /** The S3 gateway endpoint's prefix list (pl-...), for security group rules that admit S3 traffic. */
  readonly s3PrefixListId: pulumi.Output<string>;

  constructor(name: string, args: PrivateNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    const provider = requireProvider("PrivateNetwork", opts);
    super("isolation:network:PrivateNetwork", name, {}, opts);
    const child = { parent: this, provider };
    const tag = (suffix: string) => ({ Name: `${args.namePrefix}-${suffix}` });

    // Interface endpoints' private DNS names resolve only with both DNS attributes on (Amazon VPC
    // user guide, "DNS attributes for your VPC"; AWS PrivateLink guide, "Enable private DNS").
    const vpc = new aws.ec2.Vpc(
      name,
      { cidrBlock: args.vpcCidr, enableDnsSupport: true, enableDnsHostnames: true, tags: tag("vpc") },
      child,
    );

    // Taking over the default security group with no rules: anything launched without a security
    // group gets this one, and it lets nothing in or out.
    new aws.ec2.DefaultSecurityGroup(
      name,
      { vpcId: vpc.id, ingress: [], egress: [], revokeRulesOnDelete: true, tags: tag("default-closed") },
      child,
    );

    const cidrs = splitCidr(args.vpcCidr, args.availabilityZones.length, args.subnetPrefixLength);
    const subnets: aws.ec2.Subnet[] = [];
    const routeTables: aws.ec2.RouteTable[] = [];
    args.availabilityZones.forEach((az, i) => {
      const subnet = new aws.ec2.Subnet(
        `${name}-${az}`,
        {
          vpcId: vpc.id,
          cidrBlock: cidrs[i],
          availabilityZone: az,
          mapPublicIpOnLaunch: false,
          assignIpv6AddressOnCreation: false,
          tags: tag(`private-${az}`),
        },
        child,
      );
      // `routes: []` makes the route table exclusive: a route added outside the program (a default
      // route to a gateway) shows as drift and is removed by the next `pulumi up`. The implicit
      // local route and the S3 gateway endpoint's prefix-list route are not managed this way.
      const table = new aws.ec2.RouteTable(
        `${name}-${az}`,
        { vpcId: vpc.id, routes: [], tags: tag(`private-${az}`) },
        child,
      );
      new aws.ec2.RouteTableAssociation(`${name}-${az}`, { subnetId: subnet.id, routeTableId: table.id }, child);
      subnets.push(subnet);
      routeTables.push(table);
    });

    const endpointSg = new aws.ec2.SecurityGroup(
      `${name}-endpoints`,
      {
        vpcId: vpc.id,
        name: `${args.namePrefix}-endpoints`,
        description: "Interface endpoints: HTTPS from inside the VPC only",
        tags: tag("endpoints"),
      },
      child,
    );
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-endpoints-https-in`,
      {
        securityGroupId: endpointSg.id,
        ipProtocol: "tcp",
        fromPort: HTTPS,
        toPort: HTTPS,
        cidrIpv4: args.vpcCidr,
        description: "HTTPS from the VPC",
      },
      child,
    );
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-endpoints-vpc-out`,
      {
        securityGroupId: endpointSg.id,
        ipProtocol: "tcp",
        fromPort: HTTPS,
        toPort: HTTPS,
        cidrIpv4: args.vpcCidr,
        description: "Inside the VPC only",
      },
      child,
    );

    const restoreSg = new aws.ec2.SecurityGroup(
      `${name}-restore-targets`,
      {
        vpcId: vpc.id,
        name: `${args.namePrefix}-restore-targets`,
        description: "Restored resources: no inbound, HTTPS to the VPC endpoints only",
        tags: tag("restore-targets"),
      },
      child,
    );
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-restore-targets-https-out`,
      {
        securityGroupId: restoreSg.id,
        ipProtocol: "tcp",
        fromPort: HTTPS,
        toPort: HTTPS,
        cidrIpv4: args.vpcCidr,
        description: "HTTPS to the interface endpoints",
      },
      child,
    );

    const orgId = pulumi.output(args.organizationId);
    const interfacePolicy = orgId.apply((id) =>
      assertPolicySize(interfaceEndpointPolicy(id), ENDPOINT_POLICY_MAX_CHARS, "interface endpoint policy"),
    );
    const subnetIds = subnets.map((s) => s.id);
    const endpoints: Record<string, pulumi.Output<string>> = {};
    for (const service of args.interfaceEndpoints) {
      const endpoint = new aws.ec2.VpcEndpoint(
        `${name}-${endpointLogicalName(service)}`,
        {
          vpcId: vpc.id,
          serviceName: endpointServiceName(args.region, service),
          vpcEndpointType: "Interface",
          privateDnsEnabled: true,
          subnetIds,
          securityGroupIds: [endpointSg.id],
          policy: interfacePolicy,
          tags: tag(endpointLogicalName(service)),
        },
        child,
      );
      endpoints[service] = endpoint.id;
    }
    const s3 = new aws.ec2.VpcEndpoint(
      `${name}-s3`,
      {
        vpcId: vpc.id,
        serviceName: endpointServiceName(args.region, "s3"),
        vpcEndpointType: "Gateway",
        routeTableIds: routeTables.map((t) => t.id),
        policy: orgId.apply((id) =>
          assertPolicySize(s3GatewayEndpointPolicy(id), ENDPOINT_POLICY_MAX_CHARS, "S3 gateway endpoint policy"),
        ),
        tags: tag("s3"),
      },
      child,
    );
    endpoints.s3 = s3.id;

    this.vpcId = vpc.id;
    this.subnetIds = pulumi.all(subnetIds);
    this.routeTableIds = pulumi.all(routeTables.map((t) => t.id));
    this.endpointSecurityGroupId = endpointSg.id;
    this.restoreTargetSecurityGroupId = restoreSg.id;
    this.endpointIds = pulumi.all(endpoints);
    this.s3PrefixListId = s3.prefixListId;
    this.registerOutputs({
      vpcId: this.vpcId,
      subnetIds: this.subnetIds,
      routeTableIds: this.routeTableIds,
      endpointSecurityGroupId: this.endpointSecurityGroupId,
      restoreTargetSecurityGroupId: this.restoreTargetSecurityGroupId,
      endpointIds: this.endpointIds,
      s3PrefixListId: this.s3PrefixListId,
    });
  }
}
