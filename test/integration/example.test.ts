import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** dist/test/integration/ -> dist/examples/run-example.js: the README's main-job command must stay true. */
const EXAMPLE = fileURLToPath(new URL('../../examples/run-example.js', import.meta.url));

describe('the README example (npm run example)', () => {
  it('refuses the mixed commit through the real hook and daemon, then accepts the fix', async () => {
    const run = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(process.execPath, [EXAMPLE], { env: { ...process.env, NO_COLOR: '1' } }, (err, stdout) => resolve({ code: err ? Number(err.code) : 0, stdout })),
    );
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /\$ git commit -m "quick fix"\n\s+app\/agents\/supervisor\/agent_instance_factory\.py\n\s+4:\d+\s+error\s+websocket-single-path/);
    // The alias shape: a backward-compatibility name nobody declared is the legacy object, and the chain says why.
    assert.match(run.stdout, /legacy +app\.websocket_core\.websocket_manager\.WebSocketManager +via app\.websocket_core\.websocket_manager\.UnifiedWebSocketManager -> .* -> app\.websocket_core\.unified_manager\._UnifiedWebSocketManagerImplementation\n/);
    assert.match(run.stdout, /✖ 1 violation in 1 file \(.*daemon\)/);
    assert.match(run.stdout, /\$ git log --oneline\n\s+\w+ notify through the bridge\n\s+\w+ factory uses the bridge only/);
    assert.match(run.stdout, /As expected: the mixed commit was refused \(exit 1\), the fix was accepted \(exit 0\)\./);
  });
});
