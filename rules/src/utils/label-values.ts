import type { LabelType } from "@dfbuild/linter";
import * as emailAddressesModule from "email-addresses";
import parseSpdx from "spdx-expression-parse";

// RFC 3986 appendix A, as regular expressions (hadolint uses Network.URI's `parseURI`, the same grammar).
const UNRESERVED = "A-Za-z0-9\\-._~";
const SUB_DELIMS = "!$&'()*+,;=";
const PCT = "%[0-9A-Fa-f]{2}";
const PCHAR = `(?:[${UNRESERVED}${SUB_DELIMS}:@]|${PCT})`;
const SEGMENT = `${PCHAR}*`;
const SEGMENT_NZ = `${PCHAR}+`;
const USERINFO = `(?:[${UNRESERVED}${SUB_DELIMS}:]|${PCT})*`;
const IP_LITERAL = `\\[(?:[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\\.[${UNRESERVED}${SUB_DELIMS}:]+)\\]`;
const REG_NAME = `(?:[${UNRESERVED}${SUB_DELIMS}]|${PCT})*`;
const AUTHORITY = `(?:${USERINFO}@)?(?:${IP_LITERAL}|${REG_NAME})(?::\\d*)?`;
const HIER_PART = `(?://${AUTHORITY}(?:/${SEGMENT})*|/(?:${SEGMENT_NZ}(?:/${SEGMENT})*)?|${SEGMENT_NZ}(?:/${SEGMENT})*|)`;
const QUERY = `(?:${PCHAR}|[/?])*`;
const ABSOLUTE_URI = new RegExp(`^[A-Za-z][A-Za-z0-9+\\-.]*:${HIER_PART}(?:\\?${QUERY})?(?:#${QUERY})?$`);

/** RFC 3339 section 5.6 `date-time` ("T" and "Z" in either case, per its note). */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/** The regular expression semver.org gives for SemVer 2.0.0. */
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

function isRfc3339(value: string): boolean {
  const match = RFC3339.exec(value);
  if (!match) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, offsetHour = 0, offsetMinute = 0] = match.slice(1).map((part: string | undefined) => Number(part ?? "0"));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days && hour <= 23 && minute <= 59 && second <= 60 && offsetHour <= 23 && offsetMinute <= 59;
}

/** An SPDX license expression (`MIT`, `Apache-2.0 OR MIT`, `GPL-2.0-only WITH Classpath-exception-2.0`); with `single`, one license id. */
function isSpdx(value: string, single: boolean): boolean {
  try {
    const parsed = parseSpdx(value);
    if (!single) return true;
    return "license" in parsed && parsed.plus === undefined && parsed.exception === undefined && !/^(LicenseRef|DocumentRef)-/.test(parsed.license);
  } catch {
    return false;
  }
}

/**
 * email-addresses is CommonJS (`module.exports = parser`): from an ES module its exports are the
 * namespace's default, which its `export =` typings cannot express without synthetic defaults.
 */
const emailAddresses = (emailAddressesModule as unknown as { default: typeof emailAddressesModule }).default;

/** An RFC 5322 `addr-spec` (`name@example.com`), not a display name with an address. */
function isEmail(value: string): boolean {
  if (/[<>]/.test(value)) return false;
  const parsed = emailAddresses.parseOneAddress({ input: value, rfc6532: true });
  return parsed?.type === "mailbox" && parsed.name === null;
}

/** Whether a value is not of its label type (any value is `text`). */
export function isInvalidLabelValue(type: LabelType, value: string, hadolint: boolean): boolean {
  switch (type) {
    case "url":
      return !ABSOLUTE_URI.test(value);
    case "rfc3339":
      return !isRfc3339(value);
    case "spdx":
      // hadolint (Cabal's LicenseId) takes one license id; an image may carry an expression.
      return !isSpdx(value, hadolint);
    case "hash":
      // hadolint: an abbreviated (7) or full (40) SHA-1; dfbuild also longer abbreviations and SHA-256 ids.
      return hadolint ? !/^([0-9a-f]{7}|[0-9a-f]{40})$/.test(value) : !/^([0-9a-f]{7,40}|[0-9a-f]{64})$/.test(value);
    case "semver":
      return !SEMVER.test(value);
    case "email":
      return !isEmail(value);
    case "text":
      return false;
  }
}
