/**
 * netspec's matcher typings are generated from the matchers themselves (`npm run typings` writes
 * `types.generated.ts`: the `NetspecMatchers<R>` interface and both Jest augmentations). Nothing
 * is declared here by hand; importing this file brings the augmentations in.
 */
export type { NetspecMatchers } from './types.generated';
