import { main } from './main';

/** What bin/netspec runs: the CLI with the process's arguments; a bug in netspec exits 3. */
export function runBin(argv: string[]): void {
  main(argv).then(
    (code) => { process.exitCode = code; },
    (err: unknown) => {
      process.stderr.write(`netspec: internal error: ${err instanceof Error && err.stack ? err.stack : String(err)}\n`);
      process.exitCode = 3;
    },
  );
}
