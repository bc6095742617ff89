/** @module The organisers' workspace navigation, shown at the top of every workspace page. */
import type { User } from '../../../domain/accounts.js';

const ITEMS: [string, string, boolean][] = [
  ['/organise', 'Dashboard', false],
  ['/organise/events', 'Events', false],
  ['/organise/events/new', 'New event', false],
  ['/organise/import', 'Import', false],
  ['/organise/sync', 'Partners’ calendars', false],
  ['/organise/directory', 'Directory', false],
  ['/organise/reminders', 'Reminders and outbox', false],
  ['/organise/subscriptions', 'Subscriptions', false],
  ['/organise/feeds', 'Private feeds', false],
  ['/organise/audit', 'Audit log', false],
  ['/organise/users', 'Accounts', true],
];

export function WorkspaceNav(props: { user: User; path: string }) {
  return (
    <nav aria-label="Workspace" class="no-print">
      <ul class="inline">
        {ITEMS.filter(([, , adminOnly]) => !adminOnly || props.user.role === 'admin').map(([href, label]) => (
          <li>
            <a href={href} aria-current={props.path === href ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
