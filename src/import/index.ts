export { importOpenStack, type ImportOptions, type ImportResult } from './openstack';
