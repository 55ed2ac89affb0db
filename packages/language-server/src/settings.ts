import { dirname } from "node:path";
import { ConfigError, type ConfigLayer, ConfigResolver, type LintConfig, type RuleRegistry, configFromEnvironment, isConfigFileName, parseConfig, resolveConfig } from "@dfbuild/linter";

/** The section of the editor's settings the server reads (`workspace/configuration`). */
export const SETTINGS_SECTION = "dfbuild";

/** A configuration the server could not read: where it is and what is wrong. */
export interface ConfigProblem {
  /** The configuration file, or null for the editor's settings. */
  file: string | null;
  /** 1-based, when known. */
  line: number | null;
  column: number | null;
  /** With the file and position, for a message. */
  message: string;
  /** Without them, for a diagnostic in the file itself. */
  detail: string;
}

export interface ResolvedSettings {
  config: LintConfig;
  problems: ConfigProblem[];
}

/**
 * Reads each document's configuration the way `dfbuild lint` does — hadolint's environment
 * variables, then the nearest `.dfbuild.yaml` (else `.hadolint.yaml`) — with the editor's
 * `dfbuild` settings under the file: they hold the keys of `.dfbuild.yaml` (`preset`, `rules`,
 * `fmt`…) and apply where the project's file does not set them, so a repository's own
 * configuration gives everyone the same findings (as Prettier's editor integration does).
 */
export class SettingsResolver {
  #files: ConfigResolver;
  readonly #environment: ConfigLayer | null;
  readonly #environmentProblem: ConfigProblem | null = null;

  constructor(
    private readonly registry: RuleRegistry,
    env: Readonly<Record<string, string | undefined>>,
  ) {
    this.#files = new ConfigResolver(registry);
    let environment: ConfigLayer | null = null;
    try {
      environment = configFromEnvironment(env, registry);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.#environmentProblem = { file: null, line: null, column: null, message: `environment: ${error.message}`, detail: error.message };
    }
    this.#environment = environment;
  }

  /** Forgets every configuration file read (one changed on disk). */
  reloadFiles(): void {
    this.#files = new ConfigResolver(this.registry);
  }

  /** The configuration file that applies to a file on disk, or null. */
  fileFor(path: string): string | null {
    return this.#files.fileFor(dirname(path));
  }

  /**
   * The configuration for a document: `path` is its file on disk (null for an unsaved one, which
   * takes `fallbackDirectory`'s configuration: the workspace's), `editorSettings` the client's
   * `dfbuild` section.
   */
  async resolve(path: string | null, fallbackDirectory: string | null, editorSettings: unknown): Promise<ResolvedSettings> {
    const problems: ConfigProblem[] = this.#environmentProblem ? [this.#environmentProblem] : [];
    const editor = await this.#editorLayer(editorSettings, problems);
    let file: ConfigLayer | null = null;
    const directory = path === null ? fallbackDirectory : dirname(path);
    if (directory !== null) {
      try {
        file = await this.#files.forDirectory(directory);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        problems.push({
          file: error.file,
          line: error.position?.line ?? null,
          column: error.position?.column ?? null,
          message: error.message,
          detail: error.key === "" ? error.detail : `${error.key}: ${error.detail}`,
        });
      }
    }
    return { config: resolveConfig([this.#environment, editor, file]), problems };
  }

  async #editorLayer(settings: unknown, problems: ConfigProblem[]): Promise<ConfigLayer | null> {
    if (settings === null || settings === undefined) return null;
    if (typeof settings !== "object" || Array.isArray(settings)) {
      const message = `editor settings "${SETTINGS_SECTION}": expected an object with the keys of .dfbuild.yaml (preset, rules, fmt…)`;
      problems.push({ file: null, line: null, column: null, message, detail: message });
      return null;
    }
    // Editors send unset keys as null; the configuration file has no nulls.
    const present = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== null && value !== undefined));
    if (Object.keys(present).length === 0) return null;
    try {
      // JSON is YAML: the settings go through the configuration file's reader, with its checks.
      return await parseConfig(JSON.stringify(present), `editor settings "${SETTINGS_SECTION}"`, this.registry);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      // Positions in the JSON text mean nothing to the user: name the key instead.
      const key = error.key === "" ? SETTINGS_SECTION : `${SETTINGS_SECTION}.${error.key}`;
      const message = `editor settings: ${key}: ${error.detail}`;
      problems.push({ file: null, line: null, column: null, message, detail: message });
      return null;
    }
  }
}

export { isConfigFileName };
