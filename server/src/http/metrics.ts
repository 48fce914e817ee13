import client from 'prom-client';
import type { SyncMetrics } from '../sync/sync-metrics';

/** Prometheus metrics for one server; a fresh registry per server so tests can run several. */
export function createMetrics(): { registry: client.Registry; sync: SyncMetrics } {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const rooms = new client.Gauge({
    name: 'wethink_rooms',
    help: 'Documents loaded in memory',
    registers: [registry],
  });
  const connections = new client.Gauge({
    name: 'wethink_connections',
    help: 'Open sync connections',
    registers: [registry],
  });
  const messages = new client.Counter({
    name: 'wethink_messages_received_total',
    help: 'Protocol messages received, by type',
    labelNames: ['type'],
    registers: [registry],
  });
  const receivedBytes = new client.Counter({
    name: 'wethink_received_bytes_total',
    help: 'Bytes of protocol messages received',
    registers: [registry],
  });
  const updates = new client.Counter({
    name: 'wethink_updates_total',
    help: 'Document updates accepted and stored (rate() gives updates/s)',
    registers: [registry],
  });
  const updateBytes = new client.Counter({
    name: 'wethink_update_bytes_total',
    help: 'Bytes of accepted updates',
    registers: [registry],
  });
  const writeTransactions = new client.Counter({
    name: 'wethink_write_transactions_total',
    help: 'Storage transactions on the write path (batch appends and client-id bindings)',
    registers: [registry],
  });
  const closes = new client.Counter({
    name: 'wethink_connection_closes_total',
    help: 'Connections closed by the server, by close code',
    labelNames: ['code'],
    registers: [registry],
  });
  const storageSeconds = new client.Histogram({
    name: 'wethink_storage_seconds',
    help: 'Storage latency by operation',
    labelNames: ['op'],
    buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  });
  const sync: SyncMetrics = {
    messageReceived: (type, bytes) => {
      messages.inc({ type: String(type) });
      receivedBytes.inc(bytes);
    },
    updateStored: (bytes, seconds) => {
      updates.inc();
      updateBytes.inc(bytes);
      storageSeconds.observe({ op: 'append' }, seconds);
    },
    peerClosed: (code) => closes.inc({ code: String(code) }),
    roomsChanged: (delta) => rooms.inc(delta),
    peersChanged: (delta) => connections.inc(delta),
    roomLoaded: (seconds) => storageSeconds.observe({ op: 'load' }, seconds),
    writeTransaction: () => writeTransactions.inc(),
    compacted: (seconds) => storageSeconds.observe({ op: 'compact' }, seconds),
  };
  return { registry, sync };
}

/** A gauge read when scraped, for figures another module owns (connections holding zlib state). */
export function registerReadGauge(
  registry: client.Registry,
  options: { name: string; help: string; read: () => number },
): void {
  new client.Gauge({
    name: options.name,
    help: options.help,
    registers: [registry],
    collect() {
      this.set(options.read());
    },
  });
}
