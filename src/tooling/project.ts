/**
 * The one ts-morph Project the tooling shares. Lean on purpose (STACK.md §4): the tooling reads
 * syntax only and never asks the checker for a type, so no default libs, no `@types/*`, no
 * dependency resolution; a Project with the defaults spends ~2 s loading and checking libs.
 *
 * Only modules that need an AST import this file, and only commands that need one load them:
 * `netspec trace` and `netspec check` never load ts-morph.
 */
import { IndentationText, Project, QuoteKind } from 'ts-morph';

let shared: Project | undefined;

/** A new lean Project; `inMemory` for tests that build their source files from strings. */
export function createToolingProject(inMemory = false): Project {
  return new Project({
    compilerOptions: { skipLibCheck: true, lib: ['lib.es2022.d.ts'], types: [], noEmit: true, allowJs: true },
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
    useInMemoryFileSystem: inMemory,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Single },
  });
}

/** The Project reused by every command in this process. */
export function toolingProject(): Project {
  return (shared ??= createToolingProject());
}
