import { PolicyPack } from "@pulumi/policy";
import { allPolicies } from "./policies";

new PolicyPack("isolation-guardrails", { policies: allPolicies, enforcementLevel: "mandatory" });
