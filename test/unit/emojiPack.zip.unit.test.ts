import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiskChanges } from '../../src/emoji/packs/changes.js';
import { isZip, readZip, writeZip } from '../../src/emoji/packs/zip.js';
import { rawZip } from '../helpers/zip.js';

const limits = { maxTotalBytes: 100_000, maxEntries: 10 };
const refusedWith = async (bytes: Buffer, code: string, status: number) => {
  await expect(readZip(bytes, limits)).rejects.toMatchObject({ code, status });
};

describe('reading zips', () => {
  it('gives the regular files, leaving folders, hidden files and links out', async () => {
    const zip = rawZip([
      { name: 'a.png', data: Buffer.from('A') },
      { name: 'sub/', data: Buffer.alloc(0), mode: 0o040755 },
      { name: 'sub/b.png', data: Buffer.from('B'), deflate: true },
      { name: '__MACOSX/._a.png', data: Buffer.from('junk') },
      { name: '.DS_Store', data: Buffer.from('junk') },
      { name: 'link.png', data: Buffer.from('/etc/passwd'), mode: 0o120777 },
    ]);
    const files = await readZip(zip, limits);
    expect([...files.keys()]).toEqual(['a.png', 'sub/b.png']);
    expect(files.get('sub/b.png')?.toString()).toBe('B');
  });

  it('reads only the entries asked for', async () => {
    const zip = rawZip([
      { name: 'a.png', data: Buffer.from('A') },
      { name: 'readme.txt', data: Buffer.from('R') },
    ]);
    expect([...(await readZip(zip, limits, (path) => path.endsWith('.png'))).keys()]).toEqual(['a.png']);
  });

  it.each(['../evil.png', 'sub/../../evil.png', '/etc/evil.png', 'C:/evil.png', '..\\evil.png'])(
    'refuses the whole archive for an entry named %j',
    async (name) => {
      const zip = rawZip([
        { name: 'fine.png', data: Buffer.from('A') },
        { name, data: Buffer.from('E') },
      ]);
      await refusedWith(zip, 'unsafe_zip_entry', 400);
    },
  );

  it('refuses more entries than allowed', async () => {
    const entries = Array.from({ length: 11 }, (_, i) => ({ name: `${i}.png`, data: Buffer.from('x') }));
    await refusedWith(rawZip(entries), 'zip_too_many_entries', 413);
  });

  it('refuses a bomb by the sizes it declares, before inflating anything', async () => {
    const bomb = rawZip([{ name: 'zeros.png', data: Buffer.alloc(5_000_000), deflate: true }]);
    expect(bomb.length).toBeLessThan(10_000);
    await refusedWith(bomb, 'zip_too_large', 413);
  });

  it('refuses entries that together pass the limit', async () => {
    const entries = Array.from({ length: 3 }, (_, i) => ({ name: `${i}.png`, data: Buffer.alloc(40_000) }));
    await refusedWith(rawZip(entries), 'zip_too_large', 413);
  });

  it('refuses a bomb that lies about its size', async () => {
    const liar = rawZip([
      { name: 'zeros.png', data: Buffer.alloc(5_000_000), deflate: true, declaredSize: 10 },
    ]);
    await expect(readZip(liar, limits)).rejects.toSatisfy(
      (error: { status: number }) => error.status >= 400 && error.status < 500,
    );
  });

  it('refuses bytes that are no zip', async () => {
    await refusedWith(Buffer.from('PK\x03\x04 but nothing more'), 'bad_zip', 400);
  });

  it('writes zips that read back, the same bytes for the same files', async () => {
    const entries = [
      { path: 'pack.json', bytes: Buffer.from('{}') },
      { path: 'sub/a.png', bytes: Buffer.from('A') },
    ];
    const zip = await writeZip(entries);
    expect(isZip(zip)).toBe(true);
    expect(await writeZip(entries)).toEqual(zip);
    expect([...(await readZip(zip, limits)).keys()]).toEqual(['pack.json', 'sub/a.png']);
  });
});

describe('disk changes', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'annals-changes-'));
    await writeFile(join(dir, 'keep.txt'), 'old');
    await writeFile(join(dir, 'gone.txt'), 'gone');
    await mkdir(join(dir, 'folder'));
    await writeFile(join(dir, 'folder', 'inside.txt'), 'in');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const snapshot = async () => {
    const names = (await readdir(dir, { recursive: true })).sort();
    return Promise.all(
      names.map(async (n) => [n, await readFile(join(dir, n), 'utf8').catch(() => '<dir>')]),
    );
  };

  const changeEverything = async (changes: DiskChanges) => {
    await changes.writeFile(join(dir, 'keep.txt'), Buffer.from('new'));
    await changes.makeDirs(dir, 'a/b');
    await changes.writeFile(join(dir, 'a/b/c.txt'), Buffer.from('c'));
    await changes.move(join(dir, 'gone.txt'), join(dir, 'moved.txt'));
    await changes.remove(join(dir, 'folder'));
  };

  it('rollback puts everything back as it was', async () => {
    const before = await snapshot();
    const changes = new DiskChanges();
    await changeEverything(changes);
    await changes.rollback();
    expect(await snapshot()).toEqual(before);
  });

  it('commit keeps the changes and leaves no hidden files behind', async () => {
    const changes = new DiskChanges();
    await changeEverything(changes);
    await changes.commit();
    expect(await snapshot()).toEqual([
      ['a', '<dir>'],
      ['a/b', '<dir>'],
      ['a/b/c.txt', 'c'],
      ['keep.txt', 'new'],
      ['moved.txt', 'gone'],
    ]);
  });

  it('refuses to make folders through a file', async () => {
    await expect(new DiskChanges().makeDirs(dir, 'keep.txt/x')).rejects.toMatchObject({ code: 'ENOTDIR' });
  });
});
