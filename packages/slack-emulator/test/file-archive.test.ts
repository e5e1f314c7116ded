import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileArchive } from "../src/emulator/file-archive.ts";
import type { EmulatorFile } from "../src/emulator/files.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "emulator-files-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function file(id: string, content: Buffer): EmulatorFile {
  return {
    id,
    name: `${id}.csv`,
    title: `${id}.csv`,
    mimetype: "text/csv",
    filetype: "csv",
    user: "U0ANA",
    size: content.length,
    created: 1_796_000_000,
    completed: true,
    channels: [],
  };
}

describe("files kept on disk for a restarted emulator", () => {
  it("gives back what was saved, bytes and description", async () => {
    const content = Buffer.from("name,amount\nAcme,100\n");
    const archive = new FileArchive(dir, undefined);
    archive.save(file("F0001", content), content);
    await archive.flush();
    const loaded = await new FileArchive(dir, undefined).load();
    expect(loaded).toEqual([{ file: file("F0001", content), content }]);
    expect((await readdir(dir)).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("leaves out a file whose bytes are not all there, a description under another name, and a bad id", async () => {
    const content = Buffer.from("complete");
    const archive = new FileArchive(dir, undefined);
    archive.save(file("F0002", content), content);
    await archive.flush();
    // Cut short, as a crash between writes could leave it.
    await writeFile(path.join(dir, "F0003"), "cut");
    await writeFile(
      path.join(dir, "F0003.json"),
      JSON.stringify(file("F0003", Buffer.from("longer than cut"))),
    );
    await writeFile(path.join(dir, "F0004.json"), JSON.stringify(file("F0005", content)));
    await writeFile(path.join(dir, "..json"), JSON.stringify(file("../../etc", content)));
    await writeFile(path.join(dir, "F0006.json"), "{not json");
    const warnings: unknown[] = [];
    const logger = {
      warn: (...args: unknown[]) => warnings.push(args),
      debug() {},
      info() {},
      error() {},
      child: () => logger,
    };
    const loaded = await new FileArchive(dir, logger).load();
    expect(loaded.map((l) => l.file.id)).toEqual(["F0002"]);
    expect(warnings).toHaveLength(4);
  });

  it("starts empty when the folder does not exist yet", async () => {
    expect(await new FileArchive(path.join(dir, "missing"), undefined).load()).toEqual([]);
  });
});
