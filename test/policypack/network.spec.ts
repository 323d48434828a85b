import * as assert from "assert";
import {
  FORBIDDEN_NETWORK_TYPES,
  isAnyCidr,
  isUnconditionalStar,
  isolatedNetwork,
} from "../../policypack/policies/network";
import { runResource, type ResourceSpec } from "../policy-args";
import { assertPasses, assertViolates, ireStack, spec } from "./fixtures";

const run = (type: string, props: Record<string, unknown>, stack = "ire") =>
  runResource(isolatedNetwork, { stack, type, name: "net", props } as ResourceSpec);

describe("policy pack: isolated-network (rule 7)", () => {
  it("passes the IRE's private subnet, endpoint security group and scoped interface endpoint", async () => {
    for (const s of ireStack()) assertPasses(await runResource(isolatedNetwork, s));
  });

  it("rejects every internet, NAT, peering, transit gateway, VPN and customer gateway resource", async () => {
    for (const [type, what] of Object.entries(FORBIDDEN_NETWORK_TYPES)) {
      assertViolates(await run(type, {}), "net", new RegExp(`is ${what.replace(/[()]/g, ".")}`));
      assertViolates(await run(type, {}, "recovery"), "net");
    }
  });

  it("allows them in production and org stacks", async () => {
    assertPasses(await run("aws:ec2/internetGateway:InternetGateway", {}, "prod"));
    assertPasses(await run("aws:ec2/natGateway:NatGateway", {}, "org"));
  });

  it("rejects public IPs on launch", async () => {
    assertViolates(await run("aws:ec2/subnet:Subnet", { mapPublicIpOnLaunch: true }), "net", /public IP on launch/);
    assertViolates(await run("aws:ec2/instance:Instance", { associatePublicIpAddress: true }), "net", /public IP/);
    assertViolates(
      await run("aws:ec2/launchTemplate:LaunchTemplate", { networkInterfaces: [{ associatePublicIpAddress: "true" }] }),
      "net",
    );
    assertPasses(
      await run("aws:ec2/launchTemplate:LaunchTemplate", {
        networkInterfaces: [{ associatePublicIpAddress: "false" }],
      }),
    );
  });

  it("rejects a Lambda function outside the VPC (Lambda's own network reaches the internet)", async () => {
    const fn = "aws:lambda/function:Function";
    assertViolates(await run(fn, { runtime: "nodejs24.x" }), "net", /runs outside the VPC/);
    assertViolates(
      await run(fn, { vpcConfig: { subnetIds: [], securityGroupIds: ["sg-1"] } }),
      "net",
      /outside the VPC/,
    );
    assertViolates(await run(fn, {}, "recovery"), "net", /outside the VPC/);
    assertPasses(await run(fn, { vpcConfig: { subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"] } }));
    assertPasses(await run(fn, {}, "prod")); // production functions are not this rule's concern
  });

  it("rejects default routes, IPv4 and IPv6, standalone and inline", async () => {
    assertViolates(await run("aws:ec2/route:Route", { destinationCidrBlock: "0.0.0.0/0" }), "net", /routes 0.0.0.0\/0/);
    assertViolates(await run("aws:ec2/route:Route", { destinationIpv6CidrBlock: "::/0" }), "net", /::\/0/);
    assertViolates(await run("aws:ec2/routeTable:RouteTable", { routes: [{ cidrBlock: "0.0.0.0/0" }] }), "net");
    assertViolates(
      await run("aws:ec2/defaultRouteTable:DefaultRouteTable", { routes: [{ ipv6CidrBlock: "::/0" }] }),
      "net",
    );
    assertPasses(await run("aws:ec2/route:Route", { destinationCidrBlock: "10.0.0.0/8" }));
  });

  it("rejects security groups and rules open to the world in either direction", async () => {
    assertViolates(
      await run("aws:ec2/securityGroup:SecurityGroup", { egress: [{ cidrBlocks: ["0.0.0.0/0"] }] }),
      "net",
      /egress rule open/,
    );
    assertViolates(
      await run("aws:ec2/securityGroup:SecurityGroup", { ingress: [{ ipv6CidrBlocks: ["::/0"] }] }),
      "net",
      /ingress rule open/,
    );
    assertViolates(
      await run("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", { egress: [{ cidrBlocks: ["0.0.0.0/0"] }] }),
      "net",
    );
    assertViolates(
      await run("aws:ec2/securityGroupRule:SecurityGroupRule", { type: "egress", cidrBlocks: ["0.0.0.0/0"] }),
      "net",
      /opens egress/,
    );
    assertViolates(
      await run("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", { cidrIpv4: "0.0.0.0/0" }),
      "net",
    );
    assertViolates(await run("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", { cidrIpv6: "::/0" }), "net");
    assertPasses(await run("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", { cidrIpv4: "10.0.0.0/16" }));
  });

  describe("interface endpoints", () => {
    const endpoint = spec(ireStack(), "backup");
    const withEndpoint = (props: Record<string, unknown>) =>
      runResource(isolatedNetwork, { ...endpoint, props: { ...endpoint.props, ...props } });

    it("rejects an interface endpoint without private DNS", async () => {
      assertViolates(await withEndpoint({ privateDnsEnabled: false }), "backup", /private DNS/);
    });

    it("rejects a missing, unreadable or unconditional * policy", async () => {
      assertViolates(await withEndpoint({ policy: undefined }), "backup", /no endpoint policy/);
      assertViolates(await withEndpoint({ policy: "nope" }), "backup", /not valid JSON/);
      const star = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] });
      assertViolates(await withEndpoint({ policy: star }), "backup", /allows "\*" to "\*"/);
    });

    it("leaves gateway endpoints alone", async () => {
      assertPasses(await withEndpoint({ vpcEndpointType: undefined, privateDnsEnabled: false, policy: undefined }));
    });

    it("checks a separate endpoint policy resource too", async () => {
      const star = JSON.stringify({
        Statement: { Effect: "Allow", Principal: { AWS: "*" }, Action: "*", Resource: "*" },
      });
      assertViolates(
        await run("aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy", { policy: star }),
        "net",
        /endpoint policy/,
      );
      assertPasses(await run("aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy", { policy: endpoint.props!.policy }));
    });
  });

  it("knows a /0 prefix in any spelling", () => {
    assert.ok(isAnyCidr("0.0.0.0/0") && isAnyCidr("::/0") && isAnyCidr(" 0:0:0:0:0:0:0:0/0"));
    assert.ok(!isAnyCidr("10.0.0.0/8") && !isAnyCidr("0.0.0.0") && !isAnyCidr(undefined) && !isAnyCidr("/0"));
    assert.ok(!isUnconditionalStar("{"));
  });
});
