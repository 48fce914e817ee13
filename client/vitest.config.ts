import { defineProject } from 'vitest/config';

// Node environment: commands, plugins, schema and session logic run without a DOM.
export default defineProject({
  test: {
    name: 'client',
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
