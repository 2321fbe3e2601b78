import { loadTopology } from '../model/load';
import { referenceCloud } from '../model/reference';
import type { Cloud } from '../model/types';

/** The cloud a command works on: a topology file, or the built-in reference cloud. */
export function loadCloud(topology: string | undefined): Cloud {
  // Only an absent --topology means the reference cloud; an empty one is a mistake, never a default.
  return topology === undefined ? referenceCloud() : loadTopology(topology);
}
