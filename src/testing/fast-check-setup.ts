/**
 * Property runs explore new seeds on every local run; in CI they use one fixed seed (FC_SEED to
 * pick another), so a landing is judged on a run anyone can repeat exactly. A failure still prints
 * its seed and path either way.
 */
import fc from 'fast-check';

if (process.env.CI) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(process.env.FC_SEED ?? 20261121) });
