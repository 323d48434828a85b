/**
 * What the IRE's validation alerts watch: the restore validator's FAILED decisions (a metric filter
 * on its log group) and its own errors (AWS/Lambda Errors), each with an alarm that publishes to the
 * IRE's alerts topic. Names and patterns only; components/validation-alerts.ts builds the resources.
 */

/** The `msg` of the handler's decision line (lambda/restore-validator/handler.ts). */
export const VALIDATION_RESULT_MSG = "validation result";

/** The status the handler reports when a restore test must be looked at. */
export const FAILED_STATUS = "FAILED";

/**
 * Matches the handler's `{"msg":"validation result","status":"FAILED",...}` line and nothing else.
 * JSON filter pattern syntax (Amazon CloudWatch Logs user guide, "Filter pattern syntax for metric
 * filters" / "Using metric filters to match terms and extract values from JSON log events"): `$.`
 * property selectors, `=` on strings in double quotes (required for "validation result", which
 * has a space), `&&` for a compound expression, the whole pattern in curly braces.
 */
export function failedValidationFilterPattern(): string {
  return `{ ($.msg = "${VALIDATION_RESULT_MSG}") && ($.status = "${FAILED_STATUS}") }`;
}

/** The custom metric the filter publishes (1 per FAILED line; no value when nothing failed). */
export const ALERTS_METRIC_NAMESPACE = "Isolation/IRE";
export const FAILED_VALIDATIONS_METRIC = "RestoreValidationsFailed";

/** Alarm names, under the IRE's prefix so that one ArnLike pattern covers exactly these alarms. */
export function alarmNames(namePrefix: string) {
  return {
    failed: `${namePrefix}-alarm-restore-validation-failed`,
    errors: `${namePrefix}-alarm-restore-validator-errors`,
  };
}

/** ArnLike pattern of the alarms that may publish to the alerts topic (and use its key). */
export function alarmArnPattern(partition: string, region: string, account: string, namePrefix: string): string {
  return `arn:${partition}:cloudwatch:${region}:${account}:alarm:${namePrefix}-alarm-*`;
}

/**
 * Alarm evaluation: any FAILED (or any error) in a 5-minute period is ALARM; a period without
 * data is not breaching, so the alarm returns to OK on its own and the next failure notifies again
 * (Amazon CloudWatch user guide, "Configuring how CloudWatch alarms treat missing data").
 */
export const ALARM_PERIOD_SECONDS = 300;
export const ALARM_THRESHOLD = 1;
