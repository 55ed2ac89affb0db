import { segment, type ApiClient, type SignalOption } from "./api-client.js";
import type { Filters, VolumeCreateBody, VolumeSummary } from "./types.js";

export interface ListVolumesOptions extends SignalOption {
  /** `{ label: ["k=v"], name: ["…"], dangling: ["true"], driver: ["local"] }`. */
  filters?: Filters;
}

export class Volumes {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  /** Creates a volume (`POST /volumes/create`); creating one that exists returns it unchanged. */
  create(body: VolumeCreateBody, options: SignalOption = {}): Promise<VolumeSummary> {
    return this.#api.json("POST", "/volumes/create", { json: body, signal: options.signal });
  }

  /** A volume's details, `Mountpoint` (its directory on the engine's host) included; a missing one is a 404. */
  inspect(name: string, options: SignalOption = {}): Promise<VolumeSummary> {
    return this.#api.json("GET", `/volumes/${segment(name)}`, { signal: options.signal });
  }

  /** The engine's volumes, e.g. `filters: { label: ["k=v"] }`, `{ dangling: ["true"] }`. */
  async list(options: ListVolumesOptions = {}): Promise<VolumeSummary[]> {
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
