import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { EmulatorLogger } from "../logger.ts";
import type { EmulatorFile } from "./files.ts";

/** What a person may attach in Slack's client; the emulator's own limit is larger. */
const SAVED_FILE_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Files kept on disk so a restarted emulator still serves them: per file id, its bytes
 * (`<id>`) and what files.info says of it (`<id>.json`), each written whole or not at all. The
 * metadata is written last and read first, so a file is either wholly there or not at all.
 * Files over the 10 MB a person may attach stay in memory only.
 */
export class FileArchive {
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly logger: EmulatorLogger | undefined,
  ) {}

  /** Every complete file in the directory; unreadable or partial ones are left out. */
  async load(): Promise<Array<{ file: EmulatorFile; content: Buffer }>> {
    const names = await readdir(this.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT")
        this.logger?.warn(
          { err: error, dir: this.dir },
          "saved files could not be read; starting without them",
        );
      return [];
    });
    const loaded: Array<{ file: EmulatorFile; content: Buffer }> = [];
    for (const name of names.filter((n) => n.endsWith(".json"))) {
      try {
        const file = parseFile(JSON.parse(await readFile(path.join(this.dir, name), "utf8")));
        if (!file || `${file.id}.json` !== name) throw new Error("not a file's description");
        const content = await readFile(path.join(this.dir, file.id));
        if (content.length !== file.size) throw new Error("its bytes are not all there");
        loaded.push({ file, content });
      } catch (error) {
        this.logger?.warn({ err: error, file: name }, "a saved file could not be read; leaving it out");
      }
    }
    return loaded;
  }

  /** Writes the file in the background, after any earlier write; see `flush`. */
  save(file: EmulatorFile, content: Buffer): void {
    if (content.length > SAVED_FILE_MAX_BYTES) {
      this.logger?.warn({ file: file.id, bytes: content.length }, "a file over 10 MB is not saved to disk");
      return;
    }
    const meta = JSON.stringify(file);
    this.writing = this.writing
      .then(async () => {
        await mkdir(this.dir, { recursive: true });
        await writeWhole(path.join(this.dir, file.id), content);
        await writeWhole(path.join(this.dir, `${file.id}.json`), meta);
      })
      .catch((error: unknown) => this.logger?.warn({ err: error, file: file.id }, "could not save a file"));
  }

  /** Resolves once every file handed to `save` is on disk (or failed, which was logged). */
  flush(): Promise<void> {
    return this.writing;
  }
}

async function writeWhole(target: string, content: Buffer | string): Promise<void> {
  await writeFile(`${target}.tmp`, content);
  await rename(`${target}.tmp`, target);
}

/** An EmulatorFile as saved, or undefined; its id names files on disk, so it must be a Slack file id. */
function parseFile(value: unknown): EmulatorFile | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const f = value as Record<string, unknown>;
  const strings = ["name", "title", "mimetype", "filetype", "user"].every((k) => typeof f[k] === "string");
  const numbers = typeof f.size === "number" && typeof f.created === "number";
  const channels = Array.isArray(f.channels) && f.channels.every((c) => typeof c === "string");
  if (typeof f.id !== "string" || !/^F[A-Z0-9]+$/.test(f.id) || !strings || !numbers || !channels)
    return undefined;
  return { ...(value as EmulatorFile), completed: true };
}
