import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

describe('loadConfig', () => {
  it('runs on documented defaults with no environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 1234, storage: 'sqlite', roomIdleMs: 10_000 });
    expect(config.limits.maxMessageBytes).toBe(10 * 1024 * 1024);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lists every bad variable with its value, not just the first', () => {
    const attempt = () => loadConfig({ PORT: '70000', STORAGE: 'floppy', MAX_MESSAGE_BYTES: 'lots' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT="70000"');
      expect(message).toContain('STORAGE="floppy"');
      expect(message).toContain('MAX_MESSAGE_BYTES="lots"');
    }
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(1234);
  });
});
