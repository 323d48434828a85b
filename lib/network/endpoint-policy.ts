/**
 * VPC endpoint policies of the IRE. An endpoint policy is a resource policy on the endpoint: with
 * no policy AWS attaches one that allows everything to everyone. Here the only Allow is for
 * principals of this organization (aws:PrincipalOrgID), and an explicit Deny covers every other
 * principal, so credentials stolen from outside the organization cannot use the IRE's endpoints
 * to exfiltrate data (Amazon VPC user guide, "Control access to VPC endpoints using endpoint
 * policies"; the aws:PrincipalOrgID and aws:ResourceOrgID global condition keys).
 *
 * The S3 gateway endpoint also confines the *resources* to buckets owned by accounts of the
 * organization (aws:ResourceOrgID), so even an organization principal cannot copy restored data
 * into a bucket elsewhere through it.
 */
import { policyDocument, PolicyDocument } from "../recoverypolicies/document";

/** Endpoint policies are limited to 20,480 characters (Amazon VPC quotas, "VPC endpoint policy size"). */
export const ENDPOINT_POLICY_MAX_CHARS = 20_480;

export function interfaceEndpointPolicy(organizationId: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "AllowThisOrganizationsPrincipals",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: "*",
      Resource: "*",
      Condition: { StringEquals: { "aws:PrincipalOrgID": organizationId } },
    },
    {
      Sid: "DenyPrincipalsOutsideTheOrganization",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: "*",
      Resource: "*",
      Condition: { StringNotEquals: { "aws:PrincipalOrgID": organizationId } },
    },
  ]);
}

export function s3GatewayEndpointPolicy(organizationId: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "AllowThisOrganizationsPrincipalsOnItsBuckets",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: "s3:*",
      Resource: "*",
      Condition: { StringEquals: { "aws:PrincipalOrgID": organizationId, "aws:ResourceOrgID": organizationId } },
    },
    {
      Sid: "DenyPrincipalsOutsideTheOrganization",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: "s3:*",
      Resource: "*",
      Condition: { StringNotEquals: { "aws:PrincipalOrgID": organizationId } },
    },
    {
      Sid: "DenyBucketsOutsideTheOrganization",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: "s3:*",
      Resource: "*",
      Condition: { StringNotEquals: { "aws:ResourceOrgID": organizationId } },
    },
  ]);
}
