/**
 * The fabric: the pseudo-host holding the physical segments between the hosts (management,
 * overlay, one per physical network) and the upstream router. Validation keeps these names out
 * of user data, so a host or physical network cannot be merged into them.
 */
export const FABRIC = 'fabric';
export const SEGMENT = { management: 'management', overlay: 'overlay' } as const;
export const UPSTREAM = 'upstream';
/** The upstream router's way out of the modelled world. */
export const UPLINK = 'uplink';
/** Names a physical network must not take: fabric devices, and the upstream router's uplink (its other interfaces are named after physical networks). */
export const FABRIC_SEGMENTS: readonly string[] = [SEGMENT.management, SEGMENT.overlay, UPSTREAM, UPLINK, 'inet0', 'internet'];
