import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PriorityQueue } from './priority-queue.js';

/** A queue filled from `"value=priority ..."`, pushed left to right. */
function filled(spec: string): PriorityQueue<string> {
  const queue = new PriorityQueue<string>();
  for (const entry of spec.split(' ')) {
    const [value, priority] = entry.split('=');
    queue.push(value!, Number(priority));
  }
  return queue;
}

const popAll = (queue: PriorityQueue<string>): string[] => {
  const out: string[] = [];
  for (let v = queue.pop(); v !== undefined; v = queue.pop()) out.push(v);
  return out;
};

test('pops the lowest priority first, equal priorities in the order they came', () => {
  const queue = filled('c=3 a1=1 b=2 a2=1');
  assert.deepEqual(popAll(queue), ['a1', 'a2', 'b', 'c']);
});

test('takeInOrder shows values in queue order and leaves the rest in order', () => {
  const queue = filled('r3=3 d1=1 r1=1 d2=2 r2=2');
  const seen: string[] = [];
  const taken = queue.takeInOrder((v) => {
    seen.push(v);
    return v.startsWith('r');
  });
  assert.deepEqual(seen, ['d1', 'r1', 'd2', 'r2', 'r3']);
  assert.deepEqual(taken, ['r1', 'r2', 'r3']);
  assert.equal(queue.size, 2);
  queue.push('d0', 0);
  assert.deepEqual(popAll(queue), ['d0', 'd1', 'd2']);
});
