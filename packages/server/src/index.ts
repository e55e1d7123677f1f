export { buildApp } from './app.js'
export { ConfigError, type ConfigProblem } from './config/config-error.js'
export { parseDuration } from './config/duration.js'
export { loadConfig, type ServerConfig } from './config/load-config.js'
export {
  defaultJobOptions,
  defaultRateLimits,
  defaultSocketLimits,
  defaultTimings,
  type JobOptions,
  type PorchlightOptions,
  type RateLimits,
  type SocketLimits,
  type Timings,
} from './config/options.js'
export { PorchlightError } from './errors/porchlight-error.js'
export { porchlight } from './plugin.js'
export { defaultServerTimeouts, type ServerTimeouts } from './web/server-timeouts.js'
export { defaultWebhookOptions, type WebhookOptions } from './config/options.js'
