import { segment, type ApiClient, type SignalOption } from "./api-client.js";
import type { Filters, VolumeSummary } from "./types.js";

export class Volumes {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  /** The engine's volumes, e.g. `filters: { label: ["k=v"] }`, `{ dangling: ["true"] }`. */
  async list(options: SignalOption & { filters?: Filters } = {}): Promise<VolumeSummary[]> {
    const answer = await this.#api.json<{ Volumes: VolumeSummary[] | null }>("GET", "/volumes", {
      query: { filters: options.filters === undefined ? undefined : JSON.stringify(options.filters) },
      signal: options.signal,
    });
    return answer.Volumes ?? [];
  }

  /** Removes a volume; `force` removes it even if a container still uses it. */
  async remove(name: string, options: SignalOption & { force?: boolean } = {}): Promise<void> {
    await this.#api.none("DELETE", `/volumes/${segment(name)}`, {
      query: { force: options.force },
      signal: options.signal,
    });
  }
}
