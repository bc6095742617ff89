/** @module Imports and synced feeds as the JSON API shows them. */
import { visibleText } from '../domain/visible-text.js';
import type { Preview } from './service.js';
import type { PendingImport, SyncedFeed, SyncRun } from './store.js';

export function presentPreview(pending: PendingImport, preview: Preview | null) {
  return {
    id: pending.id,
    source: { kind: pending.sourceKind, label: pending.sourceLabel },
    choices: pending.choices,
    createdAt: pending.createdAt,
    appliedAt: pending.appliedAt,
    applyUrl: `/api/imports/${pending.id}/apply`,
    calendarName: preview?.calendarName ?? null,
    fileProblems: preview?.fileProblems ?? [],
    counts: preview?.plan.counts ?? pending.outcome,
    items: (preview?.plan.items ?? []).map((i) => ({
      line: i.line,
      uid: i.uid === null ? null : visibleText(i.uid),
      title: i.title,
      when: i.when,
      action: i.action,
      reason: i.reason,
      problems: i.problems,
      exceptions: i.exceptions.length,
      eventId: i.existing?.id ?? null,
    })),
    removals: (preview?.plan.removals ?? []).map((r) => ({ eventId: r.eventId, uid: visibleText(r.uid), title: r.title })),
  };
}

export function presentFeed(feed: SyncedFeed) {
  return {
    id: feed.id,
    url: feed.url,
    label: feed.label,
    choices: feed.choices,
    intervalMinutes: feed.intervalMinutes,
    nextRunAt: feed.nextRunAt,
    lastRunAt: feed.lastRunAt,
    lastSuccessAt: feed.lastSuccessAt,
    lastError: feed.lastError,
    failures: feed.failures,
    createdAt: feed.createdAt,
  };
}

export function presentRun(run: SyncRun) {
  return {
    id: run.id,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    outcome: run.outcome,
    httpStatus: run.httpStatus,
    created: run.created,
    updated: run.updated,
    cancelled: run.cancelled,
    unchanged: run.unchanged,
    skipped: run.skipped,
    problems: run.problems,
    error: run.error,
  };
}
