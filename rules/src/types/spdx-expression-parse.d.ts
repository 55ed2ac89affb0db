/** jslicense/spdx-expression-parse: parses an SPDX license expression, throwing on invalid input. */
declare module "spdx-expression-parse" {
  interface LicenseInfo {
    license: string;
    plus?: true;
    exception?: string;
  }
  interface ConjunctionInfo {
    conjunction: "and" | "or";
    left: LicenseInfo | ConjunctionInfo;
    right: LicenseInfo | ConjunctionInfo;
  }
  function parse(source: string): LicenseInfo | ConjunctionInfo;
  export default parse;
}
