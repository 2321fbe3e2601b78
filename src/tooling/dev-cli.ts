/**
 * The CLI straight from the sources, for npm scripts in this repository (`node -r esbuild-register
 * src/tooling/dev-cli.ts lint`): no build first. Users run the compiled `netspec` bin.
 */
import { main } from '../cli/main';

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
