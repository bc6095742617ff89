/**
 * @module The web app's one stylesheet, as a string (Workers have no file system at run time).
 * Colours meet WCAG 2.2 AA contrast on white (the darkest text is #0b0c0c; every coloured label
 * with white text is at least 5.9:1); focus is a thick yellow-and-black ring that shows on any
 * background; the print rules drop navigation and forms and keep the calendar.
 */

import { MEETING_STYLES } from '../../../meetings/pages/styles.js';

/** Year planner bar positions: start day (c1..c31), length in days (n1..n31), lane (l1..l12). */
function plannerGrid(): string {
  const out: string[] = [];
  for (let d = 1; d <= 31; d++) out.push(`.c${d}{grid-column-start:${d + 1}}`, `.n${d}{grid-column-end:span ${d}}`);
  for (let l = 1; l <= 12; l++) out.push(`.l${l}{grid-row-start:${l + 1}}`);
  return out.join('\n');
}

export const STYLESHEET = `
:root{--ink:#0b0c0c;--muted:#484949;--link:#1d4f91;--visited:#4c2c92;--line:#b1b4b6;--pale:#f3f2f1;--focus:#ffdd00;--error:#b10e1e;--ok:#00703c;
--campaign:#6b2c91;--activity:#00703c;--meeting:#1d4f91;--training:#7a4307;--deadline:#b10e1e}
*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:100%;line-height:1.5;color:var(--ink);background:#fff;-webkit-text-size-adjust:100%}
body{margin:0}
a{color:var(--link);text-underline-offset:.15em}
a:hover{text-decoration-thickness:3px}
:focus-visible{outline:3px solid var(--focus);outline-offset:0;box-shadow:0 0 0 6px var(--ink)}
a:focus-visible{background:var(--focus);color:var(--ink);outline:none;box-shadow:0 -2px var(--focus),0 4px var(--ink);text-decoration:none}
.skip{position:absolute;left:-9999px;top:0;padding:.5rem 1rem;background:var(--focus);color:var(--ink);z-index:10}
.skip:focus{left:0}
.wrap{max-width:72rem;margin:0 auto;padding:0 1rem}
header.site{background:var(--ink);color:#fff;border-bottom:8px solid var(--campaign)}
header.site .wrap{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem 2rem;padding-top:.75rem;padding-bottom:.75rem}
header.site a{color:#fff}
header.site a:focus-visible{color:var(--ink)}
.brand{font-weight:700;font-size:1.2rem;text-decoration:none}
nav.main ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;margin:0;padding:0}
nav.main a[aria-current="page"]{font-weight:700;text-decoration-thickness:3px}
.who{font-size:.95rem}
.who form{display:inline}
.who button{background:none;border:0;color:#fff;text-decoration:underline;font:inherit;cursor:pointer;padding:0}
main{padding:1.5rem 0 3rem;min-height:60vh}
footer.site{border-top:1px solid var(--line);background:var(--pale);font-size:.9rem;padding:1.5rem 0}
h1{font-size:2rem;line-height:1.2;margin:0 0 1rem}
h2{font-size:1.5rem;line-height:1.25;margin:2rem 0 .75rem}
h3{font-size:1.15rem;margin:1.5rem 0 .5rem}
p,ul,ol,dl{margin:0 0 1rem}
.lead{font-size:1.15rem}
.muted{color:var(--muted)}
.pre{white-space:pre-line}
.visually-hidden{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;white-space:nowrap!important;border:0!important}
.badge{display:inline-block;padding:.05rem .45rem;border-radius:2px;font-size:.8rem;font-weight:700;color:#fff;background:var(--muted);vertical-align:.1em;white-space:nowrap}
.badge.k-campaign_week{background:var(--campaign)}.badge.k-activity{background:var(--activity)}.badge.k-meeting{background:var(--meeting)}.badge.k-training{background:var(--training)}.badge.k-deadline{background:var(--deadline)}
.tag{display:inline-block;border:1px solid var(--line);padding:0 .4rem;border-radius:2px;font-size:.85rem;margin:0 .25rem .25rem 0;background:#fff}
.status{font-weight:700}.status-draft{color:var(--training)}.status-cancelled{color:var(--error)}
.notice{border-left:6px solid var(--meeting);background:var(--pale);padding:.75rem 1rem;margin:0 0 1.5rem}
.notice.success{border-color:var(--ok)}
.notice.warning{border-color:var(--training)}
/* Filters and forms */
form.filters{display:flex;flex-wrap:wrap;gap:.75rem 1rem;align-items:flex-end;background:var(--pale);padding:1rem;margin-bottom:1.5rem}
form.filters .field{margin:0;max-width:100%;min-width:0}
.field{margin:0 0 1.25rem}
.field>label,.field>.label,fieldset>legend{display:block;font-weight:700;margin-bottom:.25rem}
.hint{display:block;color:var(--muted);font-size:.95rem;margin-bottom:.25rem}
input[type=text],input[type=email],input[type=password],input[type=date],input[type=time],input[type=number],input[type=url],select,textarea{font:inherit;color:var(--ink);border:2px solid var(--ink);border-radius:0;padding:.3rem .4rem;background:#fff;max-width:100%}
input[type=text],input[type=email],input[type=password],input[type=url],textarea{width:100%;max-width:36rem}
textarea{min-height:6rem}
input[type=checkbox],input[type=radio]{width:1.25rem;height:1.25rem;margin:0 .5rem 0 0;vertical-align:-.2em;accent-color:var(--ink)}
fieldset{border:0;padding:0;margin:0 0 1.25rem;min-width:0}
.choices{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}
.choices label{font-weight:400}
.inline{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end;margin-bottom:1.25rem}
ul.inline{list-style:none;padding:0}
nav>ul.inline{border-bottom:1px solid var(--line);padding-bottom:.75rem}
.inline .field{margin-bottom:0}
button,.button{display:inline-block;font:inherit;font-weight:700;color:#fff;background:var(--ok);border:0;border-bottom:3px solid #002d18;padding:.45rem 1rem;cursor:pointer;text-decoration:none;line-height:1.4}
.button{color:#fff}
button.secondary,.button.secondary{background:#f3f2f1;color:var(--ink);border-bottom-color:#929191}
button.warning{background:var(--error);border-bottom-color:#55070e}
button:focus-visible,.button:focus-visible{background:var(--focus);color:var(--ink);outline:3px solid var(--focus);box-shadow:0 0 0 6px var(--ink)}
.actions{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;margin:1.5rem 0}
/* Dates as day, month and year boxes (GOV.UK date input); times as text on the 24-hour clock */
.date-input{display:flex;flex-wrap:wrap;gap:.5rem 1rem}
.date-item label{display:block;font-weight:400}
input.w2{width:3.5em}input.w4{width:5.5em}input.w5{width:6em}
form.filters fieldset{margin:0}
h2.form-section{font-size:1.25rem;margin:1.5rem 0 .5rem}
.radios label,.radio-item>label{display:block;margin-bottom:.5rem;font-weight:400}
.conditional{margin:0 0 1rem .6rem;padding-left:1.1rem;border-left:4px solid var(--line)}
fieldset.nested{margin:.5rem 0 0}
fieldset.nested>legend{font-weight:400}
.small-label{display:block;margin:.5rem 0 .25rem}
input.short{max-width:20rem}
.group-choice{border-top:1px solid var(--line);padding-top:.75rem;margin-bottom:1rem}
label.check{font-weight:700}
.inline-form{margin:.25rem 0 0}
button.small{font-size:.9rem;padding:.2rem .6rem}
.notice-title{font-size:1.15rem;margin:0 0 .5rem}
.notice>p:last-child{margin-bottom:0}
.break{overflow-wrap:anywhere}
ul.footer-links{margin:0;gap:.25rem 1.5rem}
.field.has-error{border-left:5px solid var(--error);padding-left:.75rem}
.field.has-error input,.field.has-error select,.field.has-error textarea{border-color:var(--error)}
.error-message{display:block;color:var(--error);font-weight:700;margin-bottom:.25rem}
.error-summary{border:5px solid var(--error);padding:1rem 1.25rem;margin-bottom:2rem}
.error-summary h2{margin-top:0}
.error-summary a{color:var(--error);font-weight:700}
/* Event lists */
.events{list-style:none;padding:0;margin:0 0 1.5rem}
.events>li{display:grid;grid-template-columns:9.5rem 1fr;gap:.25rem 1rem;border-top:1px solid var(--line);padding:.75rem 0}
.events .when{font-weight:700}
.events .what>*{margin:0 0 .2rem}
.events h3{margin:0 0 .2rem;font-size:1.1rem}
.pager{display:flex;justify-content:space-between;gap:1rem;margin:1.5rem 0}
dl.facts{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.4rem 1.5rem}
dl.facts dt{font-weight:700}
dl.facts dd{margin:0;overflow-wrap:anywhere;min-width:0}
table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}
th,td{text-align:left;vertical-align:top;padding:.5rem .5rem .5rem 0;border-bottom:1px solid var(--line)}
caption{text-align:left;font-weight:700;margin-bottom:.5rem}
.table-scroll{overflow-x:auto;position:relative}
/* Month view */
.monthnav{display:flex;flex-wrap:wrap;gap:1rem;align-items:baseline;justify-content:space-between;margin-bottom:1rem}
table.month{table-layout:fixed}
table.month th{text-align:center;padding:.4rem 0;background:var(--pale)}
table.month td{height:7rem;border:1px solid var(--line);padding:.25rem;font-size:.875rem;overflow-wrap:anywhere}
table.month td.other{background:var(--pale);color:var(--muted)}
table.month td.today{outline:3px solid var(--ink);outline-offset:-3px}
table.month .day{display:block;font-weight:700;margin-bottom:.2rem}
table.month .day .full{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
table.month ul{list-style:none;padding:0;margin:0}
table.month li{margin-bottom:.2rem;padding-left:.35rem;border-left:4px solid var(--muted)}
table.month li.k-campaign_week{border-color:var(--campaign)}table.month li.k-activity{border-color:var(--activity)}table.month li.k-meeting{border-color:var(--meeting)}table.month li.k-training{border-color:var(--training)}table.month li.k-deadline{border-color:var(--deadline)}
/* Year planner: one row per month, one column per day, campaign weeks as bars in lanes */
.planner{margin-bottom:2rem}
.planner .month{display:grid;grid-template-columns:6.5rem repeat(31,minmax(0,1fr));border-top:1px solid var(--line);padding:.25rem 0;min-width:46rem}
.planner .mname{grid-column:1;grid-row:1 / span 12;font-weight:700;padding-right:.5rem;margin:0;font-size:1rem}
.planner .days{display:contents}
.planner .d{grid-row:1;font-size:.7rem;text-align:center;color:var(--muted)}
.planner .d.we{background:var(--pale)}
.planner ol{display:contents;list-style:none}
.planner .bar{position:relative;min-width:0;margin:1px 0;padding:0 .3rem;font-size:.8rem;line-height:1.6;color:#fff;background:var(--campaign);white-space:nowrap;overflow:hidden;text-overflow:ellipsis;border-radius:2px}
.planner .bar:nth-child(4n+2){background:#1d4f91}.planner .bar:nth-child(4n+3){background:#00703c}.planner .bar:nth-child(4n+4){background:#7a4307}
.planner .bar.draft{background:#fff;color:var(--ink);border:2px dashed var(--ink)}
.planner .bar a{color:inherit}
.planner .bar.cont-before{border-top-left-radius:0;border-bottom-left-radius:0}
.planner .none{grid-column:2 / span 31;grid-row:2;color:var(--muted);font-size:.85rem;margin:0}
.planner-scroll{overflow-x:auto}
${plannerGrid()}
.overlaps{font-weight:700;color:var(--error)}
.subscribe ul.actions{list-style:none;padding:0;display:grid;gap:.75rem;align-items:stretch;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr))}
.subscribe ul.actions li{display:flex}
.subscribe ul.actions a{flex:1;display:block;padding:.75rem 1rem;border:2px solid var(--link);font-weight:700;text-decoration:none}
.subscribe ul.actions a:hover{text-decoration:underline}
.subscribe #feed-address{width:100%;max-width:48rem;font:inherit;border:2px solid var(--ink);padding:.3rem .4rem}
.subscribe .warning{border-left:6px solid var(--error);background:var(--pale);padding:.75rem 1rem}
.subscribe .small{font-size:.9rem}
.subscribe dl.howto dt{font-weight:700;margin-top:.75rem}
.subscribe dl.howto dd{margin:0}
.email-preview{width:100%;height:36rem;border:2px solid var(--line);background:#fff}
pre.email-text{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--pale);padding:1rem;font-size:.9rem;max-height:40rem;overflow:auto}
${MEETING_STYLES}
@media (max-width:40rem){
  h1{font-size:1.6rem}
  .events>li{grid-template-columns:1fr}
  table.month thead{display:none}
  table.month,table.month tbody,table.month tr,table.month td{display:block;width:100%;height:auto}
  table.month td.other,table.month td.empty{display:none}
  table.month td{border-width:0 0 1px 0}
  table.month .day .num{display:none}
  table.month .day .full{position:static;width:auto;height:auto;clip:auto}
  dl.facts{grid-template-columns:1fr}
}
@media print{
  header.site,footer.site,nav,form,.skip,.pager,.actions,.no-print{display:none!important}
  html{font-size:11pt}
  main{padding:0}
  a{color:var(--ink);text-decoration:none}
  .badge{color:var(--ink);background:none!important;border:1px solid var(--ink)}
  .planner .bar{color:var(--ink);background:none!important;border:1.5px solid var(--ink)}
  .planner .month{min-width:0;break-inside:avoid}
  table.month td{height:auto;min-height:4rem}
  .events>li{break-inside:avoid}
  @page{margin:12mm}
}
`;
