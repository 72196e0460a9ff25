#!/usr/bin/env node
// The `threadline` operator CLI. The server is TypeScript run through tsx, so register its loader
// and hand over to src/cli/main.ts.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
