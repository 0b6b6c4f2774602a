import type { PathFile } from './uploadQueue';

/** At most this many files are taken from one drop or folder: a larger folder is better split (or a connector). */
export const MAX_FOLDER_FILES = 1000;

/** Hidden files (`.DS_Store`, `.git/…`) in a folder are never documents. */
const hidden = (path: string) => path.split('/').some((part) => part.startsWith('.'));

/** The files of a picked folder (`<input webkitdirectory>`), with their paths, hidden ones left out. */
export function pickedFiles(list: FileList | null): PathFile[] {
  return Array.from(list ?? [])
    .map((file) => ({ file, path: file.webkitRelativePath || file.name }))
    .filter((f) => !hidden(f.path))
    .slice(0, MAX_FOLDER_FILES);
}

function readAll(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const out: FileSystemEntry[] = [];
  // readEntries answers in batches (100 in Chromium) until an empty one
  return new Promise((resolve, reject) => {
    const next = () =>
      reader.readEntries((batch) => {
        if (!batch.length) resolve(out);
        else {
          out.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function walk(entry: FileSystemEntry, out: PathFile[]): Promise<void> {
  if (out.length >= MAX_FOLDER_FILES) return;
  const path = entry.fullPath.replace(/^\//, '');
  if (hidden(path)) return;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ file, path });
  } else if (entry.isDirectory) {
    for (const child of await readAll(entry as FileSystemDirectoryEntry)) await walk(child, out);
  }
}

/**
 * The files of a drop, folders walked recursively (paths kept, hidden files left out). The entries are taken
 * synchronously: a DataTransfer is emptied once its event handler returns.
 */
export function droppedFiles(dt: DataTransfer): Promise<PathFile[]> {
  const entries = Array.from(dt.items ?? [])
    .filter((i) => i.kind === 'file')
    .map((i) => i.webkitGetAsEntry?.() ?? null);
  if (!entries.length || entries.some((e) => e === null)) {
    // no entry API (or not for every item): the plain file list
    return Promise.resolve(Array.from(dt.files).map((file) => ({ file, path: file.name })));
  }
  const out: PathFile[] = [];
  return (async () => {
    for (const e of entries) await walk(e!, out);
    return out;
  })();
}
