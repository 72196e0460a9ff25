import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStore } from './store.ts';

test('subscribe hands the current value at once and every change after', () => {
  const store = createStore(1);
  const seen: number[] = [];
  const stop = store.subscribe((value) => seen.push(value));
  store.set(2);
  store.set((value) => value + 1);
  store.set(3); // unchanged: no call
  stop();
  store.set(4);
  assert.deepEqual(seen, [1, 2, 3]);
  assert.equal(store.get(), 4);
});

test('select calls back only when the selected part changes', () => {
  const store = createStore({ items: [1], isLoading: true });
  const seen: boolean[] = [];
  const stop = store.select((state) => state.isLoading, (value) => seen.push(value));
  store.set((state) => ({ ...state, items: [1, 2] }));
  store.set((state) => ({ ...state, isLoading: false }));
  store.set((state) => ({ ...state, items: [] }));
  stop();
  store.set((state) => ({ ...state, isLoading: true }));
  assert.deepEqual(seen, [true, false]);
});

test('a listener may unsubscribe while being called', () => {
  const store = createStore(0);
  const seen: string[] = [];
  const stopA: () => void = store.subscribe((value) => {
    seen.push(`a${value}`);
    if (value === 1) stopA();
  });
  store.subscribe((value) => seen.push(`b${value}`));
  store.set(1);
  store.set(2);
  assert.deepEqual(seen, ['a0', 'b0', 'a1', 'b1', 'b2']);
});
