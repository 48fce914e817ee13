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

  it('needs DATABASE_URL for STORAGE=postgres, listed with the other bad variables', () => {
    expect(() => loadConfig({ STORAGE: 'postgres', PORT: 'x' })).toThrow(
      /PORT="x".*\n.*DATABASE_URL: required when STORAGE=postgres/,
    );
  });

  it('refuses a DATABASE_URL that is not a postgres URL, and never shows its password', () => {
    const attempt = () =>
      loadConfig({ STORAGE: 'postgres', DATABASE_URL: 'mysql://app:s3cret@db/wethink', PORT: 'x' });
    expect(attempt).toThrow(/DATABASE_URL="mysql:\/\/app:\*\*\*@db\/wethink": a postgres/);
    expect(attempt).toThrow(/PORT="x"/);
    expect(attempt).not.toThrow(/s3cret/);
  });

  it('carries the postgres settings only when STORAGE=postgres', () => {
    const url = 'postgres://wethink@db.internal:5432/wethink';
    expect(loadConfig({ STORAGE: 'postgres', DATABASE_URL: url }).postgres).toEqual({
      databaseUrl: url,
      poolSize: 10,
    });
    expect(loadConfig({ DATABASE_URL: url }).postgres).toBeNull();
  });
});
