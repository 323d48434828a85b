/**
 * CloudWatch Logs retention: a log group keeps events for one of a fixed set of day counts
 * (Amazon CloudWatch Logs API reference, PutRetentionPolicy, retentionInDays "Valid Values").
 */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export function isLogRetention(days: number): boolean {
  return (LOG_RETENTION_DAYS as readonly number[]).includes(days);
}
