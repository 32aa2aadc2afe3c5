export { startHost, type HostOptions, type RunningHost } from './host.js';
export { hostCommand, parseHostArgs, HOST_USAGE } from './cli.js';
export { loadManifest, type HostFunction } from './manifest.js';
export { toApiGatewayV2Event, fromApiGatewayV2Result } from './gateway.js';
export { formatStatus, fetchStatus, type HostStatus } from './status.js';
