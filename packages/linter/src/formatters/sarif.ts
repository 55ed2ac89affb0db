import type { Severity } from "../types.js";
import type { Formatter } from "./types.js";
import { reportPath } from "./paths.js";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note", style: "note" };

/** SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards. */
export const sarif: Formatter = (results, context) => {
  const rules = context.registry.rules;
  const ruleIndex = new Map(rules.map((rule, index) => [rule.meta.id, index]));
  const artifacts: string[] = [];
  const artifactIndex = new Map<string, number>();
  const sarifResults = results.flatMap((result) => {
    const uri = reportPath(result.filePath, context.cwd);
    if (!artifactIndex.has(uri)) {
      artifactIndex.set(uri, artifacts.length);
      artifacts.push(uri);
    }
    const artifactLocation = { uri, index: artifactIndex.get(uri) ?? 0 };
    return result.findings.map((finding) => {
      const { start, end } = finding.range;
      return {
        ruleId: finding.ruleId,
        ...(ruleIndex.has(finding.ruleId) ? { ruleIndex: ruleIndex.get(finding.ruleId) } : {}),
        level: LEVEL[finding.severity],
        message: { text: finding.message },
        ...(finding.code === undefined ? {} : { properties: { code: finding.code } }),
        locations: [
          {
            physicalLocation: {
              artifactLocation,
              region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column, charOffset: start.offset, charLength: end.offset - start.offset },
            },
          },
        ],
        ...(finding.fix
          ? {
              fixes: [
                {
                  description: { text: `Fix ${finding.ruleId}` },
                  artifactChanges: [
                    {
                      artifactLocation,
                      replacements: finding.fix.map((edit) => ({
                        deletedRegion: { charOffset: edit.range[0], charLength: edit.range[1] - edit.range[0] },
                        insertedContent: { text: edit.text },
                      })),
                    },
                  ],
                },
              ],
            }
          : {}),
      };
    });
  });
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "dfbuild",
            version: context.version,
            informationUri: "https://github.com/dfbuild/dfbuild",
            rules: rules.map((rule) => ({
              id: rule.meta.id,
              shortDescription: { text: rule.meta.docs.description },
              ...(rule.meta.docs.url ? { helpUri: rule.meta.docs.url } : {}),
              defaultConfiguration: { level: LEVEL[rule.meta.severity] },
              properties: { aliases: rule.meta.aliases ?? [], fixable: rule.meta.fixable === true },
            })),
          },
        },
        artifacts: artifacts.map((uri) => ({ location: { uri } })),
        columnKind: "utf16CodeUnits",
        results: sarifResults,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
