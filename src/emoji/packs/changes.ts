import { randomUUID } from 'node:crypto';
import { link, lstat, mkdir, open, rename, rm, rmdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const hidden = (path: string, suffix: string) =>
  join(dirname(path), `.annals-${basename(path)}.${randomUUID()}.${suffix}`);

const exists = (path: string) =>
  lstat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );

/**
 * File system changes that are all kept or all undone. Every file appears whole (written to a hidden
 * temporary name beside it, synced, renamed into place); what is replaced or removed is kept aside under a
 * hidden name until `commit`, so `rollback` can put everything back. Hidden names are neither served nor
 * loaded as emoji. The use case writes, appends the event, then commits — or rolls back when the append fails.
 */
export class DiskChanges {
  private undo: (() => Promise<unknown>)[] = [];
  private done: (() => Promise<unknown>)[] = [];

  /** Keeps a hard link to the current file (if any) so it can come back; the path itself stays in place. */
  private async keep(path: string): Promise<void> {
    if (!(await exists(path))) {
      this.undo.push(() => unlink(path).catch(() => undefined));
      return;
    }
    const kept = hidden(path, 'old');
    await link(path, kept);
    this.undo.push(() => rename(kept, path));
    this.done.push(() => unlink(kept));
  }

  async writeFile(path: string, bytes: Uint8Array): Promise<void> {
    const partial = hidden(path, 'part');
    const handle = await open(partial, 'wx', 0o644);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } catch (error) {
      await handle.close();
      await unlink(partial).catch(() => undefined);
      throw error;
    }
    await handle.close();
    try {
      await this.keep(path);
      await rename(partial, path);
    } catch (error) {
      await unlink(partial).catch(() => undefined);
      throw error;
    }
  }

  /** Creates the missing folders of `relative` below `base`, one by one; an existing link or file is refused. */
  async makeDirs(base: string, relative: string): Promise<void> {
    let path = base;
    for (const segment of relative.split('/').filter((s) => s !== '' && s !== '.')) {
      path = join(path, segment);
      const info = await lstat(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return null;
        throw error;
      });
      if (info && !info.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
      if (info) continue;
      await mkdir(path);
      const created = path;
      this.undo.push(() => rmdir(created).catch(() => undefined));
    }
  }

  /** Moves a file; one already at `to` is replaced (and comes back on rollback). */
  async move(from: string, to: string): Promise<void> {
    const kept = (await exists(to)) ? hidden(to, 'old') : null;
    if (kept) await link(to, kept);
    try {
      await rename(from, to);
    } catch (error) {
      if (kept) await unlink(kept).catch(() => undefined);
      throw error;
    }
    this.undo.push(async () => {
      await rename(to, from);
      if (kept) await rename(kept, to);
    });
    if (kept) this.done.push(() => unlink(kept));
  }

  /** Removes a file or a whole folder: set aside at once, deleted on commit. */
  async remove(path: string): Promise<void> {
    const aside = hidden(path, 'old');
    await rename(path, aside);
    this.undo.push(() => rename(aside, path));
    this.done.push(() => rm(aside, { recursive: true, force: true }));
  }

  /** A new hidden folder in `root` to prepare a pack in; gone on rollback. */
  async stagingDir(root: string): Promise<string> {
    const path = join(root, `.annals-staging-${randomUUID()}`);
    await mkdir(path);
    this.undo.push(() => rm(path, { recursive: true, force: true }));
    return path;
  }

  /** Puts a folder prepared elsewhere (a hidden staging folder) in place; `to` must not exist. */
  async placeDir(from: string, to: string): Promise<void> {
    if (await exists(to)) throw Object.assign(new Error('already exists'), { code: 'EEXIST' });
    await rename(from, to);
    this.undo.push(() => rm(to, { recursive: true, force: true }));
  }

  async rollback(): Promise<void> {
    const steps = this.undo.reverse();
    this.undo = [];
    this.done = [];
    for (const step of steps) await step().catch(() => undefined);
  }

  async commit(): Promise<void> {
    const steps = this.done;
    this.undo = [];
    this.done = [];
    for (const step of steps) await step().catch(() => undefined);
  }
}
