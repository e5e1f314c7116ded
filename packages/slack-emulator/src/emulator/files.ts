import { SlackApiError } from "./errors.ts";
import type { FileArchive } from "./file-archive.ts";

/**
 * Files as Slack keeps them: uploaded by a person (a modal's file_input) or by the app
 * (files.getUploadURLExternal, the bytes POSTed to the upload URL, files.completeUploadExternal),
 * downloadable from `url_private_download` with the bot token. Kept apart from the workspace
 * state: bytes do not belong in a snapshot. In memory only, unless given an archive on disk.
 */

export interface EmulatorFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  user: string;
  size: number;
  created: number;
  /** Until files.completeUploadExternal, an app's upload is not a file anyone can see. */
  completed: boolean;
  /** Where it was shared: channel ids. */
  channels: string[];
}

/** Slack's largest file (1 GB); the emulator keeps files in memory, so it stops far sooner. */
export const MAX_EMULATED_FILE_BYTES = 50 * 1024 * 1024;

const FILETYPES: Record<string, [string, string]> = {
  csv: ["csv", "text/csv"],
  txt: ["text", "text/plain"],
  json: ["json", "application/json"],
  pdf: ["pdf", "application/pdf"],
  png: ["png", "image/png"],
  jpg: ["jpg", "image/jpeg"],
  jpeg: ["jpg", "image/jpeg"],
  gif: ["gif", "image/gif"],
  xlsx: ["xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
};

export function fileTypeOf(name: string): { filetype: string; mimetype: string } {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? "";
  const [filetype, mimetype] = FILETYPES[extension] ?? ["binary", "application/octet-stream"];
  return { filetype, mimetype };
}

export class EmulatorFiles {
  private readonly files = new Map<string, EmulatorFile>();
  private readonly contents = new Map<string, Buffer>();
  /** files.getUploadURLExternal's promises: the length the bytes must have. */
  private readonly pending = new Map<string, { length: number; received: boolean }>();

  constructor(
    private readonly nextId: () => string,
    private readonly now: () => number,
    private readonly baseUrl: () => string,
    private readonly teamId: () => string,
    private readonly archive?: FileArchive,
  ) {}

  /** A file saved by an earlier run, as it was. */
  restore(file: EmulatorFile, content: Buffer): void {
    this.files.set(file.id, { ...file, completed: true });
    this.contents.set(file.id, content);
  }

  /** A person attaches a file (in a modal's file_input): it exists at once, shared nowhere. */
  addUploaded(userId: string, name: string, content: Buffer, mimetype?: string): EmulatorFile {
    const file = this.create(userId, name, content.length, mimetype);
    file.completed = true;
    this.contents.set(file.id, content);
    this.archive?.save(file, content);
    return file;
  }

  /** files.getUploadURLExternal */
  reserve(userId: string, name: string, length: number): { file: EmulatorFile; uploadUrl: string } {
    const file = this.create(userId, name, length);
    this.pending.set(file.id, { length, received: false });
    return { file, uploadUrl: `${this.baseUrl()}/upload/v1/${file.id}` };
  }

  /** The POST to the upload URL: false when no upload waits under that id. */
  receive(id: string, content: Buffer): boolean {
    const pending = this.pending.get(id);
    if (!pending) return false;
    pending.received = true;
    this.contents.set(id, content);
    const file = this.files.get(id)!;
    file.size = content.length;
    return true;
  }

  /** files.completeUploadExternal, for one file: its bytes must have arrived. */
  complete(id: string, title: string | undefined, channelId: string | undefined): EmulatorFile {
    const file = this.files.get(id);
    const pending = this.pending.get(id);
    if (!file || !pending?.received) throw new SlackApiError("file_not_found");
    if (title) file.title = title;
    file.completed = true;
    if (channelId && !file.channels.includes(channelId)) file.channels.push(channelId);
    this.pending.delete(id);
    this.archive?.save(file, this.contents.get(id)!);
    return file;
  }

  get(id: string): EmulatorFile | undefined {
    const file = this.files.get(id);
    return file?.completed ? file : undefined;
  }

  content(id: string): Buffer | undefined {
    return this.get(id) ? this.contents.get(id) : undefined;
  }

  list(): EmulatorFile[] {
    return [...this.files.values()].filter((f) => f.completed);
  }

  /** The file object of files.info, file_input state and shared messages. */
  toSlack(file: EmulatorFile): Record<string, unknown> {
    const base = `${this.baseUrl()}/files-pri/${this.teamId()}-${file.id}`;
    const name = encodeURIComponent(file.name);
    return {
      id: file.id,
      created: file.created,
      timestamp: file.created,
      name: file.name,
      title: file.title,
      mimetype: file.mimetype,
      filetype: file.filetype,
      pretty_type: file.filetype.toUpperCase(),
      user: file.user,
      user_team: this.teamId(),
      editable: false,
      size: file.size,
      mode: "hosted",
      is_external: false,
      external_type: "",
      is_public: false,
      public_url_shared: false,
      display_as_bot: false,
      username: "",
      url_private: `${base}/${name}`,
      url_private_download: `${base}/download/${name}`,
      permalink: `${this.baseUrl()}/files/${file.user}/${file.id}/${name}`,
      channels: file.channels.filter((c) => c.startsWith("C")),
      groups: file.channels.filter((c) => c.startsWith("G")),
      ims: file.channels.filter((c) => c.startsWith("D")),
      comments_count: 0,
    };
  }

  /** The file a `/files-pri/<team>-<id>/…` path names. */
  byPrivatePath(pathname: string): EmulatorFile | undefined {
    const match = /^\/files-pri\/[A-Z0-9]+-(F[A-Z0-9]+)\//.exec(pathname);
    return match ? this.get(match[1]!) : undefined;
  }

  private create(userId: string, name: string, size: number, mimetype?: string): EmulatorFile {
    const type = fileTypeOf(name);
    const file: EmulatorFile = {
      id: this.nextId(),
      name,
      title: name,
      mimetype: mimetype ?? type.mimetype,
      filetype: type.filetype,
      user: userId,
      size,
      created: Math.floor(this.now() / 1000),
      completed: false,
      channels: [],
    };
    this.files.set(file.id, file);
    return file;
  }
}
