import type { ClientContext } from '../context.ts';
import type { Page, Thread, ThreadListQuery } from '../types.ts';
import { createThreadList, type ThreadList } from './thread-list.ts';

/** Threads: one-off calls and live list stores. */
export interface ThreadsManager {
  /** One page of threads, newest activity first. */
  list(query?: ThreadListQuery): Promise<Page<Thread>>;
  /** Marks a thread read; returns it with `unreadCount: 0`. */
  markRead(threadId: string): Promise<Thread>;
  /** A live, paginated list store (see `ThreadList`); call `destroy()` when done. */
  createThreadList(query?: ThreadListQuery): ThreadList;
}

/** Creates `client.threads`. */
export function createThreadsManager(context: ClientContext): ThreadsManager {
  return {
    list: (query = {}) => context.http.request('GET', '/v1/threads', { query: { ...query } }),
    markRead: (threadId) => context.http.request('POST', `/v1/threads/${encodeURIComponent(threadId)}/read`),
    createThreadList: (query) => createThreadList(context, query),
  };
}
