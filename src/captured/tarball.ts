import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * Unpacks `<host>.tar.gz` as `netspec-capture.sh --tar` writes it (`tar -czf host.tar.gz host`)
 * into `dir`: regular files and directories of a ustar archive, nothing else, and no path that
 * would leave `dir`. Node has no tar; the format is 512-byte headers before each file's blocks.
 */
export function unpackTarball(file: string, buffer: Buffer, dir: string): string[] {
  const tar = gunzipSync(buffer);
  const written: string[] = [];
  let longName: string | undefined;
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from: number, len: number) => header.subarray(from, from + len).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const prefix = field(345, 155);
    let name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    const body = tar.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') { longName = body.toString('utf8').replace(/\0.*$/s, ''); continue; }
    name = name.replace(/^\.\//, '');
    const target = path.resolve(dir, name);
    if (!target.startsWith(path.resolve(dir) + path.sep)) throw new Error(`${file}: ${name} would be written outside the capture`);
    if (type === '5') mkdirSync(target, { recursive: true });
    else if (type === '0' || type === '7') {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, body);
      written.push(name);
    }
  }
  return written;
}
