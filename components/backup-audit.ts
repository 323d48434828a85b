/**
 * AWS Backup Audit Manager: a framework of the controls that matter for a data bunker, and report
 * plans that deliver to the audit bucket.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { REPORTS_PREFIX } from "../lib/recoverypolicies/bucket-policy";
import { AUDIT_NAME_PATTERN, FrameworkControlSpec } from "../lib/recoverypolicies/framework-controls";
import { requireProvider } from "./provider";

export interface BackupAuditArgs {
  /** Framework name: a letter, then letters, digits and underscores. */
  frameworkName: string;
  controls: FrameworkControlSpec[];
  /** The audit bucket the reports are written to. */
  bucketName: pulumi.Input<string>;
  /** Report plan name prefix: a letter, then letters, digits and underscores. */
  reportPlanPrefix: string;
}

/** Reports delivered: compliance against the framework, and the copy jobs that fill the bunker. */
export const REPORT_TEMPLATES = ["CONTROL_COMPLIANCE_REPORT", "COPY_JOB_REPORT"] as const;

export class BackupAudit extends pulumi.ComponentResource {
  readonly framework: aws.backup.Framework;

  constructor(name: string, args: BackupAuditArgs, opts?: pulumi.ComponentResourceOptions) {
    const provider = requireProvider("BackupAudit", opts);
    for (const n of [args.frameworkName, args.reportPlanPrefix]) {
      if (!AUDIT_NAME_PATTERN.test(n))
        throw new Error(`BackupAudit ${name}: "${n}" is not a valid framework or report plan name`);
    }
    super("isolation:recovery:BackupAudit", name, {}, opts);
    const child = { parent: this, provider };
    this.framework = new aws.backup.Framework(
      name,
      {
        name: args.frameworkName,
        description: "Isolated recovery: locked, encrypted, retained, cross-account and restorable backups",
        controls: args.controls,
      },
      child,
    );
    for (const template of REPORT_TEMPLATES) {
      const compliance = template === "CONTROL_COMPLIANCE_REPORT";
      new aws.backup.ReportPlan(
        `${name}-${template.toLowerCase().replace(/_/g, "-")}`,
        {
          name: `${args.reportPlanPrefix}_${template.toLowerCase()}`,
          reportDeliveryChannel: {
            s3BucketName: args.bucketName,
            s3KeyPrefix: REPORTS_PREFIX,
            formats: ["CSV", "JSON"],
          },
          reportSetting: compliance
            ? { reportTemplate: template, frameworkArns: [this.framework.arn], numberOfFrameworks: 1 }
            : { reportTemplate: template },
        },
        child,
      );
    }
    this.registerOutputs({ frameworkArn: this.framework.arn });
  }
}
