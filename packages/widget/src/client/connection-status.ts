/**
 * Where the client's connection stands:
 * - `connecting`: on the way to the first welcome of this client;
 * - `connected`: the server welcomed the client, messages flow;
 * - `reconnecting`: the connection was lost, the client is trying again (with back-off);
 * - `closed`: for good, after `shutdown()` or when the server does not know the site.
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'closed'
