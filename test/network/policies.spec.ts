import { strict as assert } from "assert";
import fc from "fast-check";
import {
  ENDPOINT_POLICY_MAX_CHARS,
  interfaceEndpointPolicy,
  s3GatewayEndpointPolicy,
} from "../../lib/network/endpoint-policy";
import {
  DEFAULT_INTERFACE_ENDPOINTS,
  endpointServiceName,
  ENDPOINT_SERVICE_PATTERN,
} from "../../lib/network/endpoints";
import { regionOfAz } from "../../lib/network/zones";
import { policySize } from "../../lib/recoverypolicies/document";

const ORG = "o-a1b2c3d4e5";

describe("endpoint policies", () => {
  it("interface endpoints allow only this organization's principals and deny everyone else", () => {
    const doc = interfaceEndpointPolicy(ORG);
    const allows = doc.Statement.filter((s) => s.Effect === "Allow");
    assert.equal(allows.length, 1);
    assert.deepEqual(allows[0].Condition, { StringEquals: { "aws:PrincipalOrgID": ORG } });
    const deny = doc.Statement.find((s) => s.Effect === "Deny");
    assert.deepEqual(deny?.Condition, { StringNotEquals: { "aws:PrincipalOrgID": ORG } });
    // No statement is an unconditional Allow.
    for (const s of allows) assert.ok(s.Condition, s.Sid);
  });

  it("the S3 gateway endpoint also confines resources to the organization's buckets", () => {
    const doc = s3GatewayEndpointPolicy(ORG);
    for (const s of doc.Statement.filter((x) => x.Effect === "Allow")) {
      assert.equal((s.Condition!.StringEquals as Record<string, string>)["aws:ResourceOrgID"], ORG);
      assert.equal((s.Condition!.StringEquals as Record<string, string>)["aws:PrincipalOrgID"], ORG);
    }
    const denies = doc.Statement.filter((x) => x.Effect === "Deny").map((s) => s.Condition);
    assert.deepEqual(denies, [
      { StringNotEquals: { "aws:PrincipalOrgID": ORG } },
      { StringNotEquals: { "aws:ResourceOrgID": ORG } },
    ]);
  });

  it("stay within the endpoint policy size limit for any organization ID", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^o-[a-z0-9]{10,32}$/), (org) => {
        assert.ok(policySize(interfaceEndpointPolicy(org)) < ENDPOINT_POLICY_MAX_CHARS);
        assert.ok(policySize(s3GatewayEndpointPolicy(org)) < ENDPOINT_POLICY_MAX_CHARS);
      }),
    );
  });
});

describe("endpoint service names and zones", () => {
  it("names every default service com.amazonaws.<region>.<name>", () => {
    for (const s of DEFAULT_INTERFACE_ENDPOINTS) {
      assert.match(s, ENDPOINT_SERVICE_PATTERN);
      assert.equal(endpointServiceName("eu-west-1", s), `com.amazonaws.eu-west-1.${s}`);
    }
    assert.match("ecr.api", ENDPOINT_SERVICE_PATTERN);
    assert.doesNotMatch("com.amazonaws.eu-west-1.kms", /^[a-z0-9-]+$/);
  });

  it("reads an AZ's region off its name and refuses AZ IDs and local zones", () => {
    assert.equal(regionOfAz("eu-west-1a"), "eu-west-1");
    assert.equal(regionOfAz("us-gov-west-1b"), "us-gov-west-1");
    for (const bad of ["euw1-az1", "us-east-1-bos-1a", "eu-west-1", "eu-west-1ab"])
      assert.equal(regionOfAz(bad), undefined, bad);
  });
});
