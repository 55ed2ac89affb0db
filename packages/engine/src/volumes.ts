import { segment, type ApiClient, type SignalOption } from "./api-client.js";

export class Volumes {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  /** Removes a volume; `force` removes it even if a container still uses it. */
  async remove(name: string, options: SignalOption & { force?: boolean } = {}): Promise<void> {
    await this.#api.none("DELETE", `/volumes/${segment(name)}`, {
      query: { force: options.force },
      signal: options.signal,
    });
  }
}
