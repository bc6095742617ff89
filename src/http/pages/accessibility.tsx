/**
 * @module The accessibility statement, in the form the Public Sector Bodies (Websites and Mobile
 * Applications) (No. 2) Accessibility Regulations 2018 ask of partnership members' sites: how
 * accessible the calendar is, how it was tested, how to ask for another format or report a
 * problem, and the enforcement procedure.
 */
import { Layout, type PageContext } from './layout.js';

/** When the statement was last reviewed against the tests it describes. */
export const STATEMENT_REVIEWED = '30 November 2026';

export function AccessibilityPage(props: { ctx: PageContext; contactEmail: string }) {
  const name = props.ctx.partnershipName;
  return (
    <Layout ctx={props.ctx} title="Accessibility statement">
      <h1>Accessibility statement for the {name} calendar</h1>
      <p class="lead">
        This statement applies to the {name} calendar: its public pages, its subscribe pages, the pages people open from its emails, the
        emails themselves, and the organisers’ workspace.
      </p>
      <h2>Using the calendar</h2>
      <p>The calendar is run by the {name}. We want as many people as possible to be able to use it. You should be able to:</p>
      <ul>
        <li>zoom in up to 400% without the text spilling off the screen, and read every page on a phone 320 pixels wide;</li>
        <li>use every page and form with a keyboard alone;</li>
        <li>use every page with a screen reader, and with JavaScript switched off (the pages use none);</li>
        <li>change colours, contrast levels and fonts in your browser;</li>
        <li>type dates as day, month and year, whatever language your browser is set to;</li>
        <li>add the calendar to Outlook, Google or Apple Calendar and read it there in the way that suits you.</li>
      </ul>
      <p>
        <a href="https://mcmw.abilitynet.org.uk/">AbilityNet</a> has advice on making your device easier to use if you have a disability.
      </p>
      <h2>How accessible the calendar is</h2>
      <p>We know some parts are not fully accessible:</p>
      <ul>
        <li>
          the year planner draws campaign weeks in a grid of days, which scrolls sideways on narrow screens; the table under it, and the
          month and upcoming views, say the same in words;
        </li>
        <li>documents that partners link to from events (agendas, reports) are theirs and may not be accessible.</li>
      </ul>
      <h2>Feedback and contact information</h2>
      <p>
        If you need any part of the calendar in a different format, such as large print, easy read, an audio recording, braille or another
        language, email <a href={`mailto:${props.contactEmail}`}>{props.contactEmail}</a> or ask any partner organisation. We will consider
        your request and reply within 10 working days.
      </p>
      <h2>Reporting accessibility problems</h2>
      <p>
        We are always looking to improve the accessibility of the calendar. If you find a problem not listed here, or think we are not
        meeting the accessibility requirements, email <a href={`mailto:${props.contactEmail}`}>{props.contactEmail}</a>.
      </p>
      <h2>Enforcement procedure</h2>
      <p>
        The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile
        Applications) (No. 2) Accessibility Regulations 2018. If you are not happy with how we respond to your complaint, contact the{' '}
        <a href="https://www.equalityadvisoryservice.com/">Equality Advisory and Support Service (EASS)</a>.
      </p>
      <h2>Technical information about the calendar’s accessibility</h2>
      <p>
        The {name} is committed to making the calendar accessible, in accordance with the Public Sector Bodies (Websites and Mobile
        Applications) (No. 2) Accessibility Regulations 2018.
      </p>
      <h3>Compliance status</h3>
      <p>
        The calendar is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard, because of the exceptions
        listed above. It has not yet been audited by an independent specialist.
      </p>
      <h2>How we tested the calendar</h2>
      <p>Every change to the calendar is tested before it is released, in a real browser (Chromium) with JavaScript switched off:</p>
      <ul>
        <li>
          every public page, subscribe page, page opened from an email and workspace page, forms showing errors included, is checked with
          axe-core against WCAG 2.0, 2.1 and 2.2 at levels A and AA;
        </li>
        <li>
          every one of those pages is checked at 320 and 1280 pixels wide for sideways scrolling (reflow, success criterion 1.4.10), and the
          reminder emails at 320 and 390 pixels;
        </li>
        <li>the main journeys (adding a meeting, a campaign week, changing one date of a series) are done with the keyboard alone.</li>
      </ul>
      <h2>Preparation of this accessibility statement</h2>
      <p>
        This statement was prepared on {STATEMENT_REVIEWED}. It was last reviewed on {STATEMENT_REVIEWED}.
      </p>
    </Layout>
  );
}
