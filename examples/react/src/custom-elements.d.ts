// JSX types for the custom elements, so TypeScript checks the props React passes to them. React 19
// sets a prop as a property when the element has one (client, strings, threadId), else as an attribute.
import type { TlComposer, TlInbox, TlProvider, TlThreadList, TlTimeline } from '@threadline/widgets';
import type { DetailedHTMLProps, HTMLAttributes, Ref } from 'react';

type ElementProps<T extends HTMLElement, P extends keyof T> = DetailedHTMLProps<HTMLAttributes<T>, T> &
  Partial<Pick<T, P>> & { ref?: Ref<T>; class?: string };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'tl-provider': ElementProps<TlProvider, 'client' | 'baseUrl' | 'token' | 'tokenProvider' | 'strings' | 'locale' | 'theme'>;
      'tl-inbox': ElementProps<TlInbox, 'client' | 'strings' | 'theme'>;
      'tl-thread-list': ElementProps<TlThreadList, 'client' | 'selectedThreadId' | 'hideFilters' | 'pageSize'>;
      'tl-timeline': ElementProps<TlTimeline, 'client' | 'threadId' | 'thread'>;
      'tl-composer': ElementProps<TlComposer, 'client' | 'threadId' | 'thread' | 'to' | 'from'>;
    }
  }
}
