import { ConfigError, loadConfig } from './config';
import { createPinoLogger } from './logger';
import { createServerMemoryReclaimer } from './memory-reclaimer';
import { startServer } from './server';

// Composition root: the only place that reads the environment, picks implementations and
// handles signals.
let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}

const logger = createPinoLogger({ level: config.logLevel, pretty: config.logPretty });
const server = await startServer(config, {
  logger,
  onFatal: () => process.exit(70),
  onRoomUnloaded: createServerMemoryReclaimer(() => server),
});

let signals = 0;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    signals += 1;
    if (signals > 1) process.exit(1);
    logger.info({ signal }, 'shutting down');
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
