export { createTimeline, type Timeline, type TimelineEntry, type TimelineState, type TimelineSendOptions, type SendResult } from './timeline.ts';
