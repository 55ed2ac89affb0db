/**
 * COPY and ADD: one archive of the sources written into a container of the current image, then
 * committed (moby `dispatchCopy`/`dispatchAdd`, `performCopy` in `internals.go`). The history
 * names the sources by their content digests, which are also the cache key.
 */
import { EngineError } from "@dfbuild/engine";
import { type AddInstruction, type CopyInstruction, expand } from "@dfbuild/parser";
import { shellOf } from "../config.js";
import {
  CopyError,
  type CopySource,
  type Ownership,
  type PathKind,
  combinedHash,
  contextSources,
  copyIntoContainer,
  heredocSource,
  imageSources,
  urlSource,
} from "../copy.js";
import { expansionEnv } from "../stage-state.js";
import { commitStep } from "../step.js";
import { readEntries } from "../tar.js";
import { chompTabs } from "./run.js";
import type { BuildServices, DispatchRequest, Handler } from "./request.js";

export const dispatchCopy: Handler<CopyInstruction> = (request) => copyOrAdd(request);
export const dispatchAdd: Handler<AddInstruction> = (request) => copyOrAdd(request);

async function copyOrAdd(request: DispatchRequest<CopyInstruction | AddInstruction>): Promise<boolean> {
  const { state, instruction, services, word, fail } = request;
  const name = instruction.keyword.name;
  const flag = (flagName: string): string | undefined => {
    const found = instruction.flags.find((candidate) => candidate.name === flagName);
    return found === undefined ? undefined : (found.value ?? "");
  };
  for (const candidate of instruction.flags) {
    if (!["chown", "chmod", "from"].includes(candidate.name) || (candidate.name === "from" && name === "ADD")) {
      fail(`the --${candidate.name} option is not supported by ${name} in dfbuild`);
    }
  }
  const chown = flag("chown") === undefined ? "" : word(flag("chown") ?? "");
  const chmodText = flag("chmod") === undefined ? "" : word(flag("chmod") ?? "");
  let chmod: number | undefined;
  if (chmodText !== "") {
    if (!/^[0-7]{1,4}$/.test(chmodText)) fail(`invalid --chmod value ${chmodText}: only octal modes are supported`);
    chmod = Number.parseInt(chmodText, 8);
  }
  // The classic builder does not expand --from (`CopyCommand.Expand` skips it).
  const from = flag("from");
  const destination = word(instruction.destination?.value ?? "");
  const sourceWords = instruction.sources.map((source) => source.value);
  const { engine, containers, context, signal } = services;

  const sources: CopySource[] = [];
  let fromImage: string | undefined;
  if (from !== undefined && from !== "") {
    fromImage = services.stageImage(from, state.name) ?? (await services.ensureImage(from));
    const paths = sourceWords.map(word);
    const image = fromImage;
    const names = await services.accountNames();
    sources.push(
      ...(await containers.with({ Image: image, Entrypoint: ["/dfbuild-copy-source"], Cmd: null }, (container) =>
        imageSources(engine, container, paths, names, signal),
      )),
    );
  } else {
    for (const source of sourceWords) {
      const heredoc = instruction.heredocs.find((candidate) => /^<<-?/.test(source) && source.replace(/^<<-?["']?/, "").replace(/["']$/, "") === candidate.name);
      if (heredoc !== undefined) {
        let content = heredoc.chomp ? chompTabs(heredoc.content) : heredoc.content;
        if (heredoc.expand) {
          const result = expand(content, expansionEnv(state), { escape: services.escape, skipProcessQuotes: true });
          if (result.ok) content = result.value;
        }
        sources.push(heredocSource(heredoc.name, content));
        continue;
      }
      const path = word(source);
      if (name === "ADD" && /^https?:\/\//.test(path)) sources.push(await urlSource(path, destination, signal));
      else sources.push(...(await contextSources(context, [path], name === "ADD")));
    }
  }
  if (sources.length === 0) fail(`${name} failed: no source files were specified`);
  if (sources.length > 1 && !destination.endsWith("/")) {
    fail(`When using ${name} with more than one source file, the destination must be a directory and end with a /`);
  }
  // Docker 20.10 writes no space after the --chown value (a bug fixed later, kept for identical history).
  const chownComment = chown === "" ? "" : `--chown=${chown}`;
  const chmodComment = chmod === undefined ? "" : `--chmod=${chmodText} `;
  const comment = `${name} ${chownComment}${chmodComment}${combinedHash(sources)} in ${destination} `;
  return commitStep(services, state, {
    command: [...shellOf(state.config), `#(nop) ${comment}`],
    silentContainer: true,
    act: async (container) => {
      const pathKind = (path: string): Promise<PathKind> => pathKindIn(services, container, path);
      let ownership: Ownership = fromImage !== undefined ? "preserve" : { uid: 0, gid: 0 };
      if (chown !== "") ownership = await resolveChown(services, container, chown);
      await copyIntoContainer(engine, container, sources, { destination, workdir: state.config.WorkingDir, ownership, chmod }, pathKind, signal);
    },
  });
}

/** What a path of the container is, following a symlink as the classic builder's stat does. */
async function pathKindIn(services: BuildServices, container: string, path: string): Promise<PathKind> {
  const { engine, signal } = services;
  try {
    let stat = await engine.containers.statPath(container, path, { signal });
    if (stat.type === "symlink" && stat.linkTarget !== "") stat = await engine.containers.statPath(container, stat.linkTarget, { signal });
    return stat.type === "directory" ? "directory" : "other";
  } catch (error) {
    if (error instanceof EngineError && error.status === 404) return "missing";
    throw error;
  }
}

/**
 * `--chown=user[:group]`: numbers as they are, names from the destination image's /etc/passwd and
 * /etc/group; a missing group is the user string again (`parseChownFlag` in `internals_linux.go`).
 */
async function resolveChown(services: BuildServices, container: string, chown: string): Promise<{ uid: number; gid: number }> {
  const [user = "", group = user] = chown.split(":", 2);
  const lookup = async (file: string, name: string, what: string): Promise<number> => {
    if (/^\d+$/.test(name)) return Number(name);
    const content = await readContainerFile(services, container, file);
    for (const line of content.split("\n")) {
      const fields = line.split(":");
      if (fields[0] === name && fields[2] !== undefined && /^\d+$/.test(fields[2])) return Number(fields[2]);
    }
    throw new CopyError(`unable to convert uid/gid chown string to host mapping: can't find ${what} for ${what === "uid" ? "user" : "group"} ${name}: no such ${what === "uid" ? "user" : "group"}: ${name}`);
  };
  return { uid: await lookup("/etc/passwd", user, "uid"), gid: await lookup("/etc/group", group, "gid") };
}

/** A file of the container as text; a missing one reads as empty. */
async function readContainerFile(services: BuildServices, container: string, path: string): Promise<string> {
  const { engine, signal } = services;
  try {
    const download = await engine.containers.getArchive(container, path, { signal });
    const entries = await readEntries(download.tar);
    const content = entries.find((entry) => entry.type === "file")?.content?.();
    return Buffer.isBuffer(content) ? content.toString("utf8") : "";
  } catch (error) {
    if (error instanceof EngineError && error.status === 404) return "";
    throw error;
  }
}
