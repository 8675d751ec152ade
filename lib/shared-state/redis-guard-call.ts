/**
 * What the shared guards on Redis have in common besides their calls (`callRedis`, `callScript`
 * in redis-connection.ts, shared with the answer store): their key prefix and Redis' own clock
 * for their scripts.
 */
/** The guards' keys start with it, like the answer store's. */
export const DEFAULT_PREFIX = "ws-chat:";

/**
 * Lua: `now`, Redis' clock in milliseconds. Every instance reads the same clock, so windows and
 * expiries agree however far the instances' own clocks drift apart.
 */
export const LUA_NOW_MS = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
`;
