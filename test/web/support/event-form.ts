/** Filling the organisers' event form and reading an event page's dates, as the browser tests do it. */
import type { Page } from 'playwright-core';
import { fillDate } from './browser.js';

export interface EventFormFields {
  title: string;
  location?: string;
  /** Dates as ISO ('2022-11-02'), typed into the day, month and year boxes. */
  startDate: string;
  startTime?: string;
  endDate?: string;
  endTime?: string;
  /** A repeat choice's value ('monthly-weekday', 'yearly-weekday', …). */
  repeat?: string;
  count?: string;
  /** A group's name as the Group list shows it. */
  group?: string;
}

/** Opens the form for a new event of `kind` and fills in the fields given (it does not save). */
export async function fillNewEvent(page: Page, baseUrl: string, kind: string, fields: EventFormFields): Promise<void> {
  await page.goto(`${baseUrl}/organise/events/new?kind=${kind}`);
  await page.getByLabel('Title').fill(fields.title);
  if (fields.location) await page.getByLabel('Location').fill(fields.location);
  await fillDate(page, 'Start date', fields.startDate);
  if (fields.startTime) await page.getByLabel('Start time').fill(fields.startTime);
  if (fields.endDate) await fillDate(page, /^End date/, fields.endDate);
  if (fields.endTime) await page.getByLabel('End time').fill(fields.endTime);
  if (fields.repeat) await page.getByLabel('Repeat', { exact: true }).selectOption(fields.repeat);
  if (fields.count) await page.getByLabel('Number of times').fill(fields.count);
  if (fields.group) await page.getByLabel('Group', { exact: true }).selectOption({ label: fields.group });
}

/** The "Next dates" list of the event page the browser is on. */
export function nextDates(page: Page): Promise<string[]> {
  return page.getByRole('heading', { name: 'Next dates' }).locator('xpath=following-sibling::ul[1]/li').allTextContents();
}
