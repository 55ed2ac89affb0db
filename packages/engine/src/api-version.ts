/** The oldest engine API this client speaks: Docker 20.10. */
export const OLDEST_API_VERSION = "1.41";
/**
 * The newest engine API this client speaks: Docker 29.0. Requests use the older of this and the
 * engine's newest, so new engines (which refuse versions before 1.44) and old ones both work.
 */
export const NEWEST_API_VERSION = "1.52";

/** Compares `major.minor` API versions numerically (1.9 < 1.41). */
export function compareApiVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split(".").map(Number);
  const [bMajor = 0, bMinor = 0] = b.split(".").map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

export function isApiVersion(value: string): boolean {
  return /^\d+\.\d+$/.test(value);
}
