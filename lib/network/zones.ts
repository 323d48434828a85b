/**
 * Availability zones come from config: the program may call no data source
 * (aws.getAvailabilityZones), so an AZ name is checked against the stack's region by its form.
 * An AZ name is its region's name followed by one letter (eu-west-1a); AZ IDs (euw1-az1) and
 * Local Zones (us-east-1-bos-1a) are not accepted, since restore tests land in regular AZs.
 */
export const AZ_PATTERN = /^([a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2})([a-z])$/;

/** The region an AZ name belongs to, or undefined when the name is not of the form <region><letter>. */
export function regionOfAz(az: string): string | undefined {
  return AZ_PATTERN.exec(az)?.[1];
}
