import { loadTopology } from '../model/load';
import { referenceCloud } from '../model/reference';
import type { Cloud } from '../model/types';

/** The cloud a command works on: a topology file, or the built-in reference cloud. */
export function loadCloud(topology: string | undefined): Cloud {
  return topology ? loadTopology(topology) : referenceCloud();
}
