/** @module The meeting pages' part of the stylesheet (agenda, papers, attendance form, minutes). */
export const MEETING_STYLES = `
h1 .subtitle{display:block;font-size:1.25rem;font-weight:400;margin-top:.35rem}
ol.agenda{list-style:none;padding:0;margin:0 0 1.5rem}
ol.agenda>li{border-top:1px solid var(--line);padding:.75rem 0}
ol.agenda h3{margin:0 0 .25rem}
.item-number{display:inline-block;min-width:2rem}
.exempt{border-left:6px solid var(--training);background:var(--pale);padding:.5rem .75rem}
ul.papers{margin:.25rem 0 .5rem;padding-left:1.25rem}
ul.papers li{margin-bottom:.25rem;overflow-wrap:anywhere}
.inline-form{display:inline;margin-left:.5rem}
.quorum{font-weight:700;border-left:6px solid var(--ok);padding:.25rem .75rem}
.quorum.not-met{border-color:var(--error)}
caption .caption{display:inline;font-size:1.1rem;margin:0}
fieldset.attendee{border-top:1px solid var(--line);padding-top:.75rem;margin-bottom:.75rem}
fieldset.attendee legend{font-weight:700;float:left;width:100%;margin-bottom:.35rem;padding:0}
fieldset.attendee .choices{clear:both;margin-bottom:.5rem}
fieldset.attendee .inline{margin-bottom:0}
fieldset.attendee .hint{clear:both}
.row-buttons{display:flex;flex-wrap:wrap;gap:.35rem}
.row-buttons form{margin:0}
.row-buttons button{padding:.2rem .6rem}
.document-forms{display:grid;gap:1rem;margin-bottom:1.5rem}
dl.minutes dt{font-weight:700;margin-top:1rem}
dl.minutes dd{margin:0 0 .5rem}
nav.on-this-page ul.inline{border-bottom:0;padding-bottom:0;margin-bottom:1rem}
ul.counts{padding-left:1.25rem}
table.stack td,table.stack tbody th{overflow-wrap:anywhere}
/* On a phone, a meeting's tables become one block per row, each cell labelled, instead of scrolling sideways. */
@media (max-width:40rem){
  table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
  table.stack,table.stack tbody,table.stack tr,table.stack td,table.stack tbody th{display:block;width:auto}
  table.stack caption{display:block;width:auto}
  table.stack tr{border-top:1px solid var(--line);padding:.5rem 0}
  table.stack td,table.stack tbody th{border:0;padding:.1rem 0}
  table.stack td[data-label]::before{content:attr(data-label) ": ";font-weight:700}
  table.stack td[data-label="Order"]::before{content:none}
}
`;
