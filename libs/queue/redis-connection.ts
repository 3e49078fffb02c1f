import { Redis, RedisOptions } from 'ioredis';

/** BullMQ workers need `maxRetriesPerRequest: null` so a blocking read survives a Redis restart. */
export function createRedisConnection(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false, ...options });
}
