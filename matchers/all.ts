/** Every matcher, one per file, by name: the registry `expect.extend` receives. */
export { toBeAnsweredBy } from './toBeAnsweredBy';
export { toBeDeliveredTo } from './toBeDeliveredTo';
export { toChangeOnly } from './toChangeOnly';
export { toBeDropped } from './toBeDropped';
export { toBeNatted } from './toBeNatted';
export { toCrossTunnel } from './toCrossTunnel';
export { toNeverTraverse } from './toNeverTraverse';
export { toPreserveReachability } from './toPreserveReachability';
export { toReachPort } from './toReachPort';
export { toSatisfy } from './toSatisfy';
export { toStayOnHost } from './toStayOnHost';
export { toTraverse } from './toTraverse';
export { toTraverseInOrder } from './toTraverseInOrder';
