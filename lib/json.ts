/**
 * Values that may arrive JSON-encoded: explicit provider inputs (allowedAccountIds, assumeRoles)
 * reach the engine, stack exports and policies as JSON text, and so do policy documents.
 */

/** The parsed value of JSON text; anything else (or text that is not JSON) as it is. */
export function decodeJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
