import type { Rng } from './prng.js';
import { PyWriter } from './python-writer.js';
import { NOUNS, VERBS } from './names.js';
import type { RepoPlan } from './repo-plan.js';

/**
 * A huge generated test module (2-6 MB): thousands of tests, parametrize
 * tables, fixtures, classes. Tests mix the bridge and the legacy class freely:
 * every rule excludes tests, so none of this may count.
 */
export function emitTestFile(plan: RepoPlan, targetBytes: number, rng: Rng): string {
  const w = new PyWriter();
  const sample = Array.from({ length: 12 }, () => rng.pick(plan.modules.filter((m) => m.role === 'regular' && m.classes.length)));
  w.line('"""Generated regression matrix. Do not edit by hand; regenerate with tools/gen_matrix.py."""');
  w.block([
    'from __future__ import annotations',
    '',
    'import json',
    'from typing import Any',
    '',
    'import pytest',
    '',
    'from app.agents.supervisor.agent_instance_factory import AgentInstanceFactory',
    'from app.services.agent_websocket_bridge import AgentWebSocketBridge, create_agent_websocket_bridge',
    'from app.websocket_core import WebSocketManager',
  ]);
  const used = new Set(['AgentInstanceFactory', 'AgentWebSocketBridge', 'WebSocketManager']);
  const subjects: string[] = [];
  for (const m of sample) {
    const c = m.classes[0]!;
    if (used.has(c)) continue;
    used.add(c);
    subjects.push(c);
    w.line(`from ${m.dotted} import ${c}`);
  }
  w.block([
    '',
    '',
    '@pytest.fixture',
    'def factory() -> AgentInstanceFactory:',
    '    return AgentInstanceFactory()',
    '',
    '',
    '@pytest.fixture',
    'def legacy_manager() -> WebSocketManager:',
    '    # Tests may use the legacy class directly: the rules exclude tests.',
    '    return WebSocketManager(scope="test")',
    '',
  ]);
  let n = 0;
  while (w.bytes < targetBytes) {
    n++;
    const noun = rng.pick(NOUNS);
    const verb = rng.pick(VERBS);
    const subject = rng.pick(subjects.length ? subjects : ['AgentInstanceFactory']);
    const r = rng.next();
    if (r < 0.35) {
      const rows = rng.int(3, 12);
      w.line();
      w.line('@pytest.mark.parametrize(');
      w.line('"payload, expected",', 1);
      w.line('[', 1);
      for (let i = 0; i < rows; i++) w.line(`({"id": ${rng.int(0, 99_999)}, "${noun}": "${verb}-${i}", "tags": ["a", "b"]}, ${rng.int(0, 1) ? 'True' : 'False'}),`, 2);
      w.line('],', 1);
      w.line(')');
      w.line(`def test_${verb}_${noun}_${n}(payload: dict[str, Any], expected: bool) -> None:`);
      w.line(`"""${verb} a ${noun}: the flag says whether it is accepted."""`, 1);
      w.line(`subject = ${subject}()`, 1);
      w.line('encoded = json.dumps(payload, sort_keys=True)', 1);
      w.line('assert isinstance(encoded, str)', 1);
      w.line('assert bool(payload.get("id")) in (True, False)', 1);
      w.line('assert subject is not None or expected', 1);
    } else if (r < 0.55) {
      w.line();
      w.line();
      w.line(`class Test${subject}${n}:`);
      w.line(`"""Behaviour of ${subject} under ${noun} load."""`, 1);
      for (let i = 0; i < rng.int(2, 5); i++) {
        w.line();
        w.line(`def test_${verb}_${i}(self, factory: AgentInstanceFactory) -> None:`, 1);
        w.line(`agent = factory.create("user-${n}-${i}")`, 2);
        w.line('assert agent["user"].startswith("user-")', 2);
        w.line(`assert isinstance(agent["bridge"], (AgentWebSocketBridge, type(None))) or ${i} >= 0`, 2);
      }
    } else if (r < 0.7) {
      w.line();
      w.line();
      w.line(`async def test_${verb}_${noun}_stream_${n}(legacy_manager: WebSocketManager) -> None:`);
      w.line('bridge = create_agent_websocket_bridge("user")', 1);
      w.line(`await bridge.emit("${noun}", {"n": ${n}})`, 1);
      w.line(`await legacy_manager.send("${noun}", {"n": ${n}})`, 1);
      w.line('# WebSocketManager and the bridge side by side: fine in a test.', 1);
    } else {
      w.line();
      w.line();
      w.line(`def test_${verb}_${noun}_${n}() -> None:`);
      w.line(`expected = {${Array.from({ length: rng.int(2, 8) }, (_, i) => `"k${i}": ${rng.int(0, 1000)}`).join(', ')}}`, 1);
      w.line('actual = dict(expected)', 1);
      w.line(`actual["extra"] = "${'x'.repeat(rng.int(0, 40))}"`, 1);
      w.line('actual.pop("extra")', 1);
      w.line('assert actual == expected, f"mismatch: {actual!r} != {expected!r}"', 1);
    }
  }
  return w.text();
}
