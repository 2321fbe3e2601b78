/**
 * Import problems are the dump's, not ours: collected as `TopologyIssue`s (the loader's style),
 * each naming the file and the resource, and thrown all at once as one `TopologyError`.
 */
import { TopologyError, type TopologyIssue } from '../model/errors';

/** Where a resource came from: the file as the user named it, and the resource in words. */
export interface Source {
  file: string;
  /** e.g. `port 3f2a… (vm1)`; becomes the issue's `path`. */
  what: string;
}

/**
 * Stable rule ids of import issues (validation issues keep their own, e.g. `ip-in-use`):
 * `file`, `syntax`, `format`, `missing-field`, `unknown-reference`, `contradiction`,
 * `unsupported`, `ip-outside-subnet`, `duplicate-id`.
 */
export class Issues {
  readonly list: TopologyIssue[] = [];

  add(src: Source, rule: string, message: string): void {
    this.list.push({ file: src.file, path: src.what, rule, message });
  }

  get any(): boolean { return this.list.length > 0; }

  throwIfAny(): void {
    if (this.list.length) throw new TopologyError(this.list);
  }
}
